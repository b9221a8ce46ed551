import Logging
import ServiceLifecycle

/// The shape of the daemon's background services: every `interval`, a job for each known
/// sale, until graceful shutdown or cancellation. A failing job is logged and tried again on
/// the next round.
struct SaleLoop: Sendable {
    let directory: SaleDirectory
    let interval: Duration
    let logger: Logger
    /// What the job is, for the log.
    let name: String

    /// Runs `job` for every sale, round after round.
    func run(_ job: @escaping @Sendable (_ saleID: String) async throws -> Void) async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                for saleID in directory.saleIDs {
                    do {
                        try await job(saleID)
                    } catch {
                        logger.warning("\(name) failed", metadata: ["sale": "\(saleID)", "error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
