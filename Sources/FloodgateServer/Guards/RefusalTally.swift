import NIOConcurrencyHelpers

/// Counts refusals per source in bounded memory: the total exactly, and the heaviest sources
/// with the space-saving algorithm (Metwally et al.): at most `capacity` sources are kept;
/// a new source replaces the one with the smallest count and inherits it, so a source that is
/// refused often always stays listed. Each count is O(`capacity`) at worst, a constant.
final class RefusalTally: Sendable {
    private struct State {
        var total = 0
        var counts: [String: Int] = [:]
    }

    private let capacity: Int
    private let state = NIOLockedValueBox(State())

    /// A tally of at most `capacity` sources.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Counts one refusal of `source`.
    func count(_ source: String) {
        let capacity = capacity
        state.withLockedValue { state in
            state.total += 1
            if let count = state.counts[source] {
                state.counts[source] = count + 1
            } else if state.counts.count < capacity {
                state.counts[source] = 1
            } else if let smallest = state.counts.min(by: { $0.value < $1.value }) {
                state.counts[smallest.key] = nil
                state.counts[source] = smallest.value + 1
            }
        }
    }

    /// The total, and the `top` sources with the most refusals.
    func top(_ top: Int) -> (total: Int, sources: [(String, Int)]) {
        state.withLockedValue { state in
            (state.total, state.counts.sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }.prefix(top).map { ($0.key, $0.value) })
        }
    }

    /// How many sources are listed (at most the capacity).
    var listed: Int { state.withLockedValue { $0.counts.count } }
}
