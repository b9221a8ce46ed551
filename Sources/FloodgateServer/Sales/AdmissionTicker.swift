import FloodgateCore
import FloodgateEngine
import Logging
import ServiceLifecycle

/// Runs every sale's clock (state changes, admission) five times a second and keeps the
/// daemon's views fresh, so `/queue/status` is answered from memory. Every daemon runs it;
/// the tick script is safe to run concurrently.
struct AdmissionTicker: Service {
    let services: ServerServices
    let logger: Logger
    var directory: SaleDirectory { services.directory }
    var traffic: TrafficStats { services.traffic }
    var interval: Duration = .milliseconds(200)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var round = 0
            while !Task.isCancelled {
                do {
                    try await refresh(discover: round % 5 == 0)
                } catch {
                    logger.warning("admission tick failed", metadata: ["error": "\(error)"])
                }
                round &+= 1
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Ticks every sale, first learning of sales created (by any daemon) since the last time.
    /// A sale that fails (unreadable, or its tick fails) is logged and skipped: the others tick.
    func refresh(discover: Bool) async throws {
        if discover {
            for saleID in try await services.engine.saleIDs() where directory.view(saleID) == nil {
                await each(saleID, "loading a sale failed") { _ = try await services.sale(saleID) }
            }
        }
        for saleID in directory.saleIDs {
            guard let view = directory.view(saleID) else { continue }
            await each(saleID, "admission tick failed") {
                let start = ContinuousClock.now
                try await services.refresh(view.definition, draw: view.draw)
                let elapsed = (ContinuousClock.now - start).components
                traffic.recordRedis(microseconds: UInt64(clamping: elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000))
            }
        }
    }

    private func each(_ saleID: String, _ failure: String, _ job: () async throws -> Void) async {
        do {
            try await job()
        } catch {
            logger.warning("\(failure)", metadata: ["sale": "\(saleID)", "error": "\(error)"])
        }
    }
}
