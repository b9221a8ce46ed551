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

    /// Who the guard's pause and audit entry name.
    static let actor = "guard:conservation"
    /// Why the guard paused the sale, as the war room reads it.
    static let reason = "stock not conserved"

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
            try await engine.control(saleID: saleID, .pause(reason: Self.reason, by: Self.actor))
            result = "ok"
        } catch let error as SaleEngineError {
            result = APIError(error).code
        }
        try await engine.audit(saleID: saleID, actor: Self.actor, action: "pause", detail: detail, result: result)
        directory.raise("CONSERVATION: \(detail) — sale paused", saleID: saleID)
    }
}
