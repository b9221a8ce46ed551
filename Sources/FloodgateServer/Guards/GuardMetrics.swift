import FloodgateCore
import Metrics

/// The guards' Prometheus figures: `floodgate_guard_events_total{sale,guard,event,mode}` (event
/// `fire`, `step`, `recover`; mode `observe` or `enforce`), `floodgate_guard_condition{sale,guard}`
/// (1 while the guard's condition holds) and `floodgate_admission_adaptive_rate{sale}`.
struct GuardMetrics: Sendable {
    /// Counts one transition.
    func count(saleID: String, kind: GuardKind, event: GuardStep.Event, mode: GuardMode) {
        Counter(label: "floodgate_guard_events_total",
                dimensions: [("sale", saleID), ("guard", kind.rawValue), ("event", event.rawValue), ("mode", mode.rawValue)]).increment()
    }

    /// Records whether a guard's condition holds.
    func reading(saleID: String, kind: GuardKind, firing: Bool) {
        Gauge(label: "floodgate_guard_condition", dimensions: [("sale", saleID), ("guard", kind.rawValue)]).record(firing ? 1 : 0)
    }

    /// Records the rate the adaptive controller chose.
    func adaptiveRate(saleID: String, rate: Double) {
        Gauge(label: "floodgate_admission_adaptive_rate", dimensions: [("sale", saleID)]).record(rate)
    }
}
