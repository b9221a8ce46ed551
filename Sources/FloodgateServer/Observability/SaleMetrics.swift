import FloodgateCore
import FloodgateEngine
import Metrics

/// Publishes each sale's figures as Prometheus gauges on `/metrics`, once a second:
/// `floodgate_sku_units{sale,sku,column}`, `floodgate_sale_queue_length{sale}`,
/// `floodgate_sale_admitted_through{sale}`, `floodgate_sale_admit_per_second{sale}`,
/// `floodgate_sale_funnel{sale,stage}` and `floodgate_sale_running{sale,state}`.
struct SaleMetrics: Sendable {
    func update(_ status: SaleStatus) {
        let sale = ("sale", status.id)
        for sku in status.skus {
            for (column, value) in [("available", sku.available), ("reserved", sku.reserved), ("sold", sku.sold), ("initial", sku.initial)] {
                Gauge(label: "floodgate_sku_units", dimensions: [sale, ("sku", sku.sku), ("column", column)]).record(value)
            }
        }
        Gauge(label: "floodgate_sale_queue_length", dimensions: [sale]).record(status.queueLength)
        Gauge(label: "floodgate_sale_admitted_through", dimensions: [sale]).record(status.admittedThrough)
        Gauge(label: "floodgate_sale_admit_per_second", dimensions: [sale]).record(status.admitPerSecond)
        for (stage, value) in status.counters {
            Gauge(label: "floodgate_sale_funnel", dimensions: [sale, ("stage", stage)]).record(value)
        }
        Gauge(label: "floodgate_sale_state", dimensions: [sale, ("state", status.state.rawValue)]).record(1)
    }
}
