import Metrics
import NIOConcurrencyHelpers

/// Latency of Redis calls by command (or script) name, through swift-metrics.
final class RedisCallMetrics: Sendable {
    private let factory: any MetricsFactory
    private let timers = NIOLockedValueBox<[String: Timer]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Records one call named `label` that started at `start`.
    func record(_ label: String, since start: ContinuousClock.Instant) {
        timer(for: label).recordInterval(since: start)
    }

    private func timer(for label: String) -> Timer {
        timers.withLockedValue { timers in
            if let timer = timers[label] { return timer }
            let timer = Timer(
                label: "floodgate_redis_call_duration_seconds",
                dimensions: [("command", label)],
                preferredDisplayUnit: .seconds,
                factory: factory
            )
            timers[label] = timer
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
