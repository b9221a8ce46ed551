import FloodgateCore
import FloodgateEngine
import NIOConcurrencyHelpers

/// What the daemon measured since its last flush, kept in memory so that a status poll costs no
/// Redis call: poll timing per session, reserve delays, early checkouts, challenges and bad
/// tokens per address. ``BotWarden`` flushes it about once a second, one script call per sale.
///
/// Bounded: at most `maxSessions` sessions per sale (the least recently seen are dropped first,
/// see ``SaleTrack``) and `maxSources` addresses per sale between two flushes (past it, new
/// addresses go uncounted until the flush); sales no longer served are forgotten.
final class BotRecorder: Sendable {
    private static let shardCount = 16
    /// Sessions tracked per sale, at most.
    let maxSessions: Int
    /// Addresses counted per sale between two flushes, at most.
    let maxSources: Int

    private let shards = (0..<BotRecorder.shardCount).map { _ in NIOLockedValueBox<[String: SaleTrack]>([:]) }
    private let sources = NIOLockedValueBox<[String: SourceTrack]>([:])

    /// - Parameters:
    ///   - maxSessions: sessions tracked per sale (default a million).
    ///   - maxSources: addresses counted per sale between flushes.
    init(maxSessions: Int = 1_000_000, maxSources: Int = 100_000) {
        self.maxSessions = maxSessions
        self.maxSources = maxSources
    }

    /// A status answer: times the gap since the previous answer against what that one asked.
    /// - Parameters:
    ///   - askedMs: the `poll_after_ms` this answer gives.
    ///   - admitted: whether this answer says `admitted`.
    ///   - nowMs: the time, in ms of a monotonic clock.
    func polled(saleID: String, userID: String, askedMs: Int, admitted: Bool, nowMs: Int64) {
        track(saleID, userID) { $0.polled(userID, askedMs: askedMs, admitted: admitted, nowMs: nowMs) }
    }

    /// Status answers this daemon gave `userID`'s session so far (0 once it was dropped).
    func answeredPolls(saleID: String, userID: String) -> Int {
        shards[Self.shard(of: userID)].withLockedValue { $0[saleID]?.answered(userID) ?? 0 }
    }

    /// A reserve by `userID` that succeeded: its delay after this daemon first told it `admitted`,
    /// or after its view first showed the position admitted (`admittedSinceMs`).
    func reserved(saleID: String, userID: String, admittedSinceMs: Int64?, nowMs: Int64) {
        track(saleID, userID) { $0.reserved(userID, admittedSinceMs: admittedSinceMs, nowMs: nowMs) }
    }

    /// A checkout call before admission.
    func checkoutEarly(saleID: String, userID: String) {
        track(saleID, userID) { $0.checkoutEarly(userID) }
    }

    /// A token presented from elsewhere than it was issued to (``FloodgateCore/TokenBinding/Drift`` bits).
    func tokenMoved(saleID: String, userID: String, drift: Int) {
        track(saleID, userID) { $0.tokenMoved(userID, drift: drift) }
    }

    /// A challenge handed out to `source`.
    func challengeIssued(saleID: String, source: String) {
        sources.withLockedValue { $0[saleID, default: SourceTrack()].count(source, in: \.challenges, limit: maxSources) }
    }

    /// A forged, altered, expired or foreign token from `source` (the sale is unknown: counted under every sale's flush).
    func badToken(saleID: String, source: String) {
        sources.withLockedValue { $0[saleID, default: SourceTrack()].count(source, in: \.badTokens, limit: maxSources) }
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

    /// Forgets the sales not in `saleIDs` (ended or removed).
    func retain(saleIDs: Set<String>) {
        for shard in shards {
            shard.withLockedValue { sales in sales = sales.filter { saleIDs.contains($0.key) } }
        }
        sources.withLockedValue { tracks in tracks = tracks.filter { saleIDs.contains($0.key) } }
    }

    /// Sessions tracked for `saleID` now.
    func trackedSessions(saleID: String) -> Int {
        shards.reduce(0) { total, shard in total + shard.withLockedValue { $0[saleID]?.count ?? 0 } }
    }

    /// Addresses counted for `saleID` since the last flush.
    func trackedSources(saleID: String) -> Int {
        sources.withLockedValue { $0[saleID].map { $0.challenges.count + $0.badTokens.count } ?? 0 }
    }

    private func track(_ saleID: String, _ userID: String, _ body: (inout SaleTrack) -> Void) {
        let capacity = max(2, maxSessions / Self.shardCount)
        shards[Self.shard(of: userID)].withLockedValue { sales in
            body(&sales[saleID, default: SaleTrack(capacity: capacity)])
        }
    }

    /// The shard that keeps `userID`'s sessions (FNV-1a of the id).
    private static func shard(of userID: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in userID.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % UInt32(shardCount))
    }
}

/// Challenges and bad tokens per address since the last flush.
private struct SourceTrack {
    var challenges: [String: Int] = [:]
    var badTokens: [String: Int] = [:]

    /// Counts one for `source`, unless it is new and `limit` addresses are counted already.
    mutating func count(_ source: String, in counts: WritableKeyPath<SourceTrack, [String: Int]>, limit: Int) {
        guard self[keyPath: counts][source] != nil || challenges.count + badTokens.count < limit else { return }
        self[keyPath: counts][source, default: 0] += 1
    }
}
