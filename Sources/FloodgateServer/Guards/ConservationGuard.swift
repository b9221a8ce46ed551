import FloodgateCore
import FloodgateEngine
import Logging
import ServiceLifecycle

/// Checks every second, from Redis, that each sale conserves its stock
/// (`initial + added = available + reserved + sold`, nothing negative). A violation pauses the
/// sale, is audited as `guard:conservation` and raised as an alert. The statuses it reads also
/// feed telemetry and metrics.
struct ConservationGuard: Service {
    let engine: SaleEngine
    let directory: SaleDirectory
    let metrics: SaleMetrics
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        await SaleLoop(directory: directory, interval: interval, logger: logger, name: "conservation check").run { saleID in
            try await check(saleID)
        }
    }

    func check(_ saleID: String) async throws {
        guard let status = try await engine.status(of: saleID) else { return }
        directory.record(status)
        metrics.update(status)
        let violations = status.conservationViolations
        guard !violations.isEmpty, ![.paused, .closed, .rollingBack].contains(status.state) else { return }
        let detail = violations.joined(separator: "; ")
        logger.critical("stock conservation broken: pausing the sale", metadata: ["sale": "\(saleID)", "violations": "\(detail)"])
        let result: String
        do {
            try await engine.control(saleID: saleID, .pause(reason: "conservation"))
            result = "ok"
        } catch let error as SaleEngineError {
            result = APIError(error).code
        }
        try await engine.audit(saleID: saleID, actor: "guard:conservation", action: "pause", detail: detail, result: result)
        directory.raise("CONSERVATION: \(detail) — sale paused", saleID: saleID)
    }
}
