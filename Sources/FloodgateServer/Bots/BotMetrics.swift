import FloodgateEngine
import Metrics

/// Publishes each sale's bot defense as Prometheus gauges, once a second:
/// `floodgate_bot_sessions{sale,bucket}` (sessions per score bucket, "0.0" to "0.9"),
/// `floodgate_bot_held{sale}`, `floodgate_bot_evicted{sale}`, `floodgate_bot_blocked{sale}`,
/// `floodgate_bot_flagged{sale}`, `floodgate_bot_units_flagged{sale}` (units reserved or bought
/// by flagged sessions) and `floodgate_bot_actions{sale,action}` (holds, challenges, would_*...).
struct BotMetrics: Sendable {
    func update(saleID: String, _ report: BotReport) {
        let sale = ("sale", saleID)
        for (index, count) in report.buckets.enumerated() {
            Gauge(label: "floodgate_bot_sessions", dimensions: [sale, ("bucket", "0.\(index)")]).record(count)
        }
        Gauge(label: "floodgate_bot_held", dimensions: [sale]).record(report.heldNow)
        Gauge(label: "floodgate_bot_evicted", dimensions: [sale]).record(report.evicted)
        Gauge(label: "floodgate_bot_blocked", dimensions: [sale]).record(report.blocks.count)
        Gauge(label: "floodgate_bot_flagged", dimensions: [sale]).record(report.flagged)
        Gauge(label: "floodgate_bot_units_flagged", dimensions: [sale]).record(report.flaggedUnits)
        for (action, count) in report.stats where action != "held" && action != "evicted" {
            Gauge(label: "floodgate_bot_actions", dimensions: [sale, ("action", action)]).record(count)
        }
    }
}
