import Foundation
import NIOConcurrencyHelpers

/// A token bucket per source address: at most `perSecond` calls a second on average, bursts of
/// `burst`. Used on registration, the call bots hammer. Idle sources are forgotten.
final class SourceRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: TimeInterval
    }

    private let perSecond: Double
    private let burst: Double
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])
    private let refused = NIOLockedValueBox<[String: Int]>([:])

    /// A limiter; `perSecond` 0 lets every call through.
    init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
    }

    /// Takes one token for `source`; false when its bucket is empty.
    func allow(_ source: String, now: TimeInterval = Date().timeIntervalSince1970) -> Bool {
        guard perSecond > 0 else { return true }
        let allowed = buckets.withLockedValue { buckets in
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.updated < 60 } }
            var bucket = buckets[source] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[source] = bucket
            return allowed
        }
        if !allowed { refused.withLockedValue { $0[source, default: 0] += 1 } }
        return allowed
    }

    /// How many calls were refused, in all and by the busiest sources.
    func refusals(top: Int = 5) -> (total: Int, sources: [(String, Int)]) {
        refused.withLockedValue { refused in
            (refused.values.reduce(0, +), refused.sorted { $0.value > $1.value }.prefix(top).map { ($0.key, $0.value) })
        }
    }
}
