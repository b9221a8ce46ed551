import Metrics
import NIOConcurrencyHelpers

/// Latency of Redis calls by command (or script) name, and on a cluster by node, through swift-metrics.
final class RedisCallMetrics: Sendable {
    private let factory: any MetricsFactory
    private let timers = NIOLockedValueBox<[String: Timer]>([:])
    private let counters = NIOLockedValueBox<[String: Counter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Records one call named `label` that started at `start`.
    func record(_ label: String, since start: ContinuousClock.Instant) {
        timer("floodgate_redis_call_duration_seconds", ("command", label)).recordInterval(since: start)
    }

    /// Records one attempt answered by cluster node `node` (`host:port`) that started at `start`.
    func record(node: String, since start: ContinuousClock.Instant) {
        timer("floodgate_redis_node_call_duration_seconds", ("node", node)).recordInterval(since: start)
    }

    /// Counts one detour of a cluster call: `moved`, `ask` or `retry`.
    func countDetour(_ kind: String) {
        let counter = counters.withLockedValue { counters in
            if let counter = counters[kind] { return counter }
            let counter = Counter(label: "floodgate_redis_cluster_detours_total", dimensions: [("kind", kind)], factory: factory)
            counters[kind] = counter
            return counter
        }
        counter.increment()
    }

    private func timer(_ name: String, _ dimension: (String, String)) -> Timer {
        timers.withLockedValue { timers in
            let key = name + "|" + dimension.1
            if let timer = timers[key] { return timer }
            let timer = Timer(label: name, dimensions: [dimension], preferredDisplayUnit: .seconds, factory: factory)
            timers[key] = timer
            return timer
        }
    }
}

extension Timer {
    fileprivate func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
