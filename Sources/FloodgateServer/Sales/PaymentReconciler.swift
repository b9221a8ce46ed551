import FloodgateEngine
import Logging
import ServiceLifecycle

/// Settles payment attempts whose outcome is unknown (the gateway timed out, the daemon paying
/// died, Redis did not take the outcome) once their hold has passed, by asking the gateway,
/// and voids charges that must not stand; every second, for every sale. Safe with several
/// daemons: each settlement is one script that checks the attempt is still open.
struct PaymentReconciler: Service {
    let engine: SaleEngine
    let directory: SaleDirectory
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        await SaleLoop(directory: directory, interval: interval, logger: logger, name: "payment reconciliation").run { saleID in
            let report = try await engine.reconcilePayments(saleID: saleID)
            if report != ReconcileReport() {
                logger.notice("payments reconciled", metadata: [
                    "sale": "\(saleID)", "orders": "\(report.orders)", "released": "\(report.released)",
                    "voided": "\(report.voided)", "still_unknown": "\(report.stillUnknown)",
                ])
            }
        }
    }
}
