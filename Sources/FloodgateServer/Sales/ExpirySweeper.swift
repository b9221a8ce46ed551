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
        await SaleLoop(directory: directory, interval: interval, logger: logger, name: "expiry sweep").run { saleID in
            try await engine.sweepExpired(saleID: saleID)
        }
    }
}
