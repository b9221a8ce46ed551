import FloodgateCore
import FloodgateEngine
import NIOConcurrencyHelpers

/// What the daemon measured since its last flush, kept in memory so that a status poll costs no
/// Redis call: poll timing per session, reserve delays, early checkouts, challenges and bad
/// tokens per address. ``BotWarden`` flushes it about once a second, one script call per sale.
final class BotRecorder: Sendable {
    /// Sessions tracked per sale, at most; past it new sessions' polls are not timed.
    static let maxSessions = 1_000_000
    private static let shardCount = 16

    private let shards = (0..<BotRecorder.shardCount).map { _ in NIOLockedValueBox<[String: SaleTrack]>([:]) }
    private let sources = NIOLockedValueBox<[String: SourceTrack]>([:])

    /// A status answer: times the gap since the previous answer against what that one asked.
    /// - Parameters:
    ///   - askedMs: the `poll_after_ms` this answer gives.
    ///   - admitted: whether this answer says `admitted`.
    ///   - nowMs: the time, in ms of a monotonic clock.
    func polled(saleID: String, userID: String, askedMs: Int, admitted: Bool, nowMs: Int64) {
        shard(userID).withLockedValue { sales in
            sales[saleID, default: SaleTrack()].polled(userID, askedMs: askedMs, admitted: admitted, nowMs: nowMs)
        }
    }

    /// A reserve by `userID` that succeeded: its delay after this daemon first told it `admitted`,
    /// or after its view first showed the position admitted (`admittedSinceMs`).
    func reserved(saleID: String, userID: String, admittedSinceMs: Int64?, nowMs: Int64) {
        shard(userID).withLockedValue { sales in sales[saleID, default: SaleTrack()].reserved(userID, admittedSinceMs: admittedSinceMs, nowMs: nowMs) }
    }

    /// A checkout call before admission.
    func checkoutEarly(saleID: String, userID: String) {
        shard(userID).withLockedValue { sales in sales[saleID, default: SaleTrack()].checkoutEarly(userID) }
    }

    /// A challenge handed out to `source`.
    func challengeIssued(saleID: String, source: String) {
        sources.withLockedValue { $0[saleID, default: SourceTrack()].challenges[source, default: 0] += 1 }
    }

    /// A forged, altered, expired or foreign token from `source` (the sale is unknown: counted under every sale's flush).
    func badToken(saleID: String, source: String) {
        sources.withLockedValue { $0[saleID, default: SourceTrack()].badTokens[source, default: 0] += 1 }
    }

    /// Takes what was measured for `saleID` since the last call.
    func drain(saleID: String) -> [BotRecord] {
        var records: [BotRecord] = []
        for shard in shards {
            shard.withLockedValue { sales in
                if sales[saleID] != nil { records += sales[saleID]!.drain() }
            }
        }
        let track = sources.withLockedValue { $0.removeValue(forKey: saleID) }
        if let track {
            records += track.challenges.map { .challenges(source: $0.key, count: $0.value) }
            records += track.badTokens.map { .badTokens(source: $0.key, count: $0.value) }
        }
        return records
    }

    private func shard(_ userID: String) -> NIOLockedValueBox<[String: SaleTrack]> {
        var hash: UInt32 = 2_166_136_261
        for byte in userID.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return shards[Int(hash % UInt32(Self.shardCount))]
    }
}

/// Challenges and bad tokens per address since the last flush.
private struct SourceTrack {
    var challenges: [String: Int] = [:]
    var badTokens: [String: Int] = [:]
}
