import Foundation
import Histogram
import NIOConcurrencyHelpers

/// The daemon's recent traffic for telemetry: requests, 5xx errors and latency per route, and
/// Redis latency, in one-second windows over the last few seconds.
final class TrafficStats: Sendable {
    /// How many seconds the figures cover.
    static let windowSeconds = 5

    fileprivate struct Second {
        var epoch: Int64
        var routes: [String: Bucket] = [:]
        var redis = Bucket()
        /// Requests the priority gate shed, by class name.
        var shed: [String: Int] = [:]
    }

    fileprivate struct Bucket {
        var count = 0
        var errors = 0
        var latency = Histogram<UInt64>(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .two)
    }

    private let seconds = NIOLockedValueBox<[Second]>([])

    /// Records one HTTP request; a `deliberate` 5xx (answered with `Retry-After`: a paused
    /// sale, a request shed) is not counted as an error.
    func recordRequest(route: String, status: Int, deliberate: Bool, microseconds: UInt64) {
        update { second in
            second.routes[route, default: Bucket()].record(failed: status >= 500 && !deliberate, microseconds: microseconds)
        }
    }

    /// Records one Redis call's latency.
    func recordRedis(microseconds: UInt64) {
        update { second in
            second.redis.count += 1
            _ = second.redis.latency.record(max(1, microseconds))
        }
    }

    /// Records one request the priority gate shed (``RequestPriorityGate``), by its class's name.
    func recordShed(className: String) {
        update { second in
            second.shed[className, default: 0] += 1
        }
    }

    /// Per-route figures over the last full seconds, busiest first.
    func routes() -> [(route: String, perSecond: Double, p50Ms: Double, p99Ms: Double, errorRate: Double)] {
        let recent = completedSeconds()
        var merged: [String: Bucket] = [:]
        for second in recent {
            for (route, bucket) in second.routes { merged[route, default: Bucket()].merge(bucket) }
        }
        let span = Double(max(1, recent.count))
        return merged.map { route, bucket in
            (route, Double(bucket.count) / span, bucket.percentileMs(50), bucket.percentileMs(99),
             bucket.count == 0 ? 0 : Double(bucket.errors) / Double(bucket.count))
        }.sorted { $0.perSecond > $1.perSecond }
    }

    /// Every route's requests a second and their p99 together, over the last full seconds.
    func overall() -> (perSecond: Double, p99Ms: Double) {
        let recent = completedSeconds()
        var merged = Bucket()
        for second in recent {
            for bucket in second.routes.values { merged.merge(bucket) }
        }
        return (Double(merged.count) / Double(max(1, recent.count)), merged.percentileMs(99))
    }

    /// Redis latency p50 and p99 over the last full seconds.
    func redisLatency() -> (p50Ms: Double, p99Ms: Double) {
        var merged = Bucket()
        for second in completedSeconds() { merged.merge(second.redis) }
        return (merged.percentileMs(50), merged.percentileMs(99))
    }

    /// The figures of one completed second (unix seconds) that the guards read: answers and
    /// 5xx of the checkout and queue calls, checkout (reserve, commit) calls and p99, Redis calls
    /// and p99, requests shed by class; nil when the second is not kept. Deliberate 503s (the
    /// priority gate's, a paused sale's) are not server errors: shedding is the `overload`
    /// guard's figure, and the `server_errors` guard stays for failures.
    func guardFigures(second epoch: Int64) -> DaemonSecond? {
        guard let second = seconds.withLockedValue({ $0.first { $0.epoch == epoch } }) else { return nil }
        var watched = Bucket(), checkout = Bucket()
        for (route, bucket) in second.routes {
            if route.contains("/checkout/") || route.contains("/queue/") { watched.merge(bucket) }
            if route.hasSuffix("/checkout/reserve") || route.hasSuffix("/checkout/commit") { checkout.merge(bucket) }
        }
        return DaemonSecond(requests: watched.count, serverErrors: watched.errors, checkoutCalls: checkout.count,
                            checkoutP99Ms: checkout.percentileMs(99), redisCalls: second.redis.count, redisP99Ms: second.redis.percentileMs(99),
                            shed: second.shed)
    }

    private func update(_ change: (inout Second) -> Void) {
        let now = Int64(Date().timeIntervalSince1970)
        seconds.withLockedValue { seconds in
            if seconds.last?.epoch != now {
                seconds.append(Second(epoch: now))
                seconds.removeAll { $0.epoch <= now - Int64(Self.windowSeconds) - 1 }
            }
            change(&seconds[seconds.count - 1])
        }
    }

    private func completedSeconds() -> [Second] {
        let now = Int64(Date().timeIntervalSince1970)
        return seconds.withLockedValue { $0.filter { $0.epoch < now && $0.epoch >= now - Int64(Self.windowSeconds) } }
    }
}

/// One daemon's figures of one second, for the guards.
struct DaemonSecond: Sendable, Hashable {
    var requests: Int
    var serverErrors: Int
    var checkoutCalls: Int
    var checkoutP99Ms: Double
    var redisCalls: Int
    var redisP99Ms: Double
    /// Requests the priority gate shed, by class name.
    var shed: [String: Int]
}

extension TrafficStats.Bucket {
    fileprivate mutating func record(failed: Bool, microseconds: UInt64) {
        count += 1
        if failed { errors += 1 }
        _ = latency.record(max(1, microseconds))
    }

    fileprivate mutating func merge(_ other: Self) {
        count += other.count
        errors += other.errors
        latency.add(other.latency)
    }

    fileprivate func percentileMs(_ percentile: Double) -> Double {
        count == 0 ? 0 : Double(latency.valueAtPercentile(percentile)) / 1000
    }
}
