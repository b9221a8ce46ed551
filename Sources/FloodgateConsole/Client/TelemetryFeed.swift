import FloodgateCore
import Foundation
import NIOCore

/// Follows a sale's telemetry stream for as long as its task runs: posts each snapshot and every
/// change of connection, and reconnects with ``Backoff`` whenever the stream breaks.
public struct TelemetryFeed: Sendable {
    let client: AdminClient
    let saleID: String
    let post: @Sendable (ConsoleEvent) -> Void

    /// A feed for `saleID` posting to `post`.
    public init(client: AdminClient, saleID: String, post: @escaping @Sendable (ConsoleEvent) -> Void) {
        self.client = client
        self.saleID = saleID
        self.post = post
    }

    /// Streams until the task is cancelled.
    public func run() async {
        var backoff = Backoff()
        while !Task.isCancelled {
            post(.connection(.connecting(since: Date())))
            var delivered = false
            let reason: String
            do {
                delivered = try await follow()
                reason = "the stream ended"
            } catch is CancellationError {
                return
            } catch {
                reason = String(describing: error)
            }
            if delivered { backoff.reset() }
            let delay = backoff.next()
            guard !Task.isCancelled else { return }
            post(.connection(.lost(since: Date(), reason: reason, retryAt: Date().addingTimeInterval(delay))))
            try? await Task.sleep(for: .seconds(delay))
        }
    }

    /// One connection: parses events until the stream ends.
    /// - Returns: whether at least one snapshot arrived.
    /// - Throws: ``AdminClientError``, or ``SnapshotError`` for an event that is not a snapshot.
    private func follow() async throws -> Bool {
        var parser = SSEParser()
        var delivered = false
        var problem: SnapshotError?
        let decoder = JSONDecoder()
        try await client.stream(AdminClient.salePath(saleID) + "/telemetry", onOpen: { post(.connection(.live)) }) { chunk in
            for data in parser.feed(chunk.readableBytesView) where problem == nil {
                do {
                    let snapshot = try decoder.decode(TelemetrySnapshot.self, from: Data(data.utf8))
                    delivered = true
                    post(.snapshot(snapshot, receivedAt: Date()))
                } catch {
                    problem = SnapshotError(error)
                }
            }
            return problem == nil
        }
        if let problem { throw problem }
        return delivered
    }
}

/// A telemetry event that does not decode as a ``TelemetrySnapshot``.
struct SnapshotError: Error, CustomStringConvertible {
    let description: String

    init(_ error: any Error) {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            description = "bad snapshot: no '\(Self.path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            description = "bad snapshot: wrong type at '\(Self.path(context.codingPath))'"
        default:
            description = "bad snapshot: not JSON"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
