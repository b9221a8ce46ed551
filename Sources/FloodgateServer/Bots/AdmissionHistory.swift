import NIOConcurrencyHelpers

/// When this daemon saw each sale's admission cursor move: the earliest moment it could have told
/// a shopper "admitted", to time how fast a reserve follows admission.
final class AdmissionHistory: Sendable {
    /// Cursor moves kept per sale (a minute at five ticks a second).
    static let depth = 300
    private let moves = NIOLockedValueBox<[String: [(cursor: UInt64, atMs: Int64)]]>([:])

    /// Notes the cursor of a fresh view.
    func record(saleID: String, cursor: UInt64, atMs: Int64) {
        moves.withLockedValue { moves in
            var list = moves[saleID] ?? []
            guard cursor > (list.last?.cursor ?? 0) else { return }
            list.append((cursor, atMs))
            if list.count > Self.depth { list.removeFirst(list.count - Self.depth) }
            moves[saleID] = list
        }
    }

    /// When the cursor first reached `position`, if still remembered.
    func admittedSinceMs(saleID: String, position: UInt64) -> Int64? {
        moves.withLockedValue { moves in
            moves[saleID]?.first { $0.cursor >= position }?.atMs
        }
    }
}
