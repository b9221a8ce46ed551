import FloodgateEngine
import Logging
import ServiceLifecycle

/// Returns the stock of expired reservations, four times a second, so stock comes back within
/// a second of a reservation's expiry. Safe with several daemons: each expiry is one script.
struct ExpirySweeper: Service {
    let engine: SaleEngine
    let directory: SaleDirectory
    let logger: Logger
    var interval: Duration = .milliseconds(250)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                for saleID in directory.saleIDs {
                    do {
                        try await engine.sweepExpired(saleID: saleID)
                    } catch {
                        logger.warning("expiry sweep failed", metadata: ["sale": "\(saleID)", "error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
