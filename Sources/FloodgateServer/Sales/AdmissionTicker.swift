import FloodgateCore
import FloodgateEngine
import Logging
import ServiceLifecycle

/// Runs every sale's clock (state changes, admission) five times a second and keeps the
/// daemon's views fresh, so `/queue/status` is answered from memory. Every daemon runs it;
/// the tick script is safe to run concurrently.
struct AdmissionTicker: Service {
    let engine: SaleEngine
    let directory: SaleDirectory
    let traffic: TrafficStats
    let logger: Logger
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
    func refresh(discover: Bool) async throws {
        if discover {
            for saleID in try await engine.saleIDs() where directory.view(saleID) == nil {
                guard let definition = try await engine.definition(of: saleID) else { continue }
                let clock = try await engine.tick(saleID: saleID)
                directory.store(SaleView(definition: definition, clock: clock, draw: nil))
            }
        }
        for saleID in directory.saleIDs {
            guard var view = directory.view(saleID) else { continue }
            let start = ContinuousClock.now
            view.clock = try await engine.tick(saleID: saleID)
            let elapsed = (ContinuousClock.now - start).components
            traffic.recordRedis(microseconds: UInt64(elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000))
            if view.definition.fairness == .lottery, let count = view.clock.drawCount, view.draw == nil {
                view.draw = try await loadDraw(saleID: saleID, count: count)
            }
            directory.store(view)
        }
    }

    /// Rebuilds the lottery's permutation from the seed revealed at the start.
    private func loadDraw(saleID: String, count: Int) async throws -> LotteryDraw? {
        guard let status = try await engine.status(of: saleID), let hex = status.lotterySeed,
            let seed = LotterySeed(hex: hex)
        else { return nil }
        logger.info("lottery drawn", metadata: ["sale": "\(saleID)", "registrations": "\(count)"])
        return LotteryDraw(seed: seed, count: count)
    }
}
