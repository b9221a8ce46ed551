import FloodgateCore
import FloodgateEngine
import Foundation
import Logging
import ServiceLifecycle

/// Registers the daemon in Redis (``SaleKeys/daemons``): once a second it writes its heartbeat
/// (address, version, start, request rate and p99 of its last seconds), and every ten seconds it
/// removes the daemons silent for longer than ``pruneAfterSeconds``.
struct DaemonHeartbeatService: Service {
    /// Seconds without a heartbeat after which a daemon is removed from the registry.
    static let pruneAfterSeconds = 60

    let engine: SaleEngine
    let traffic: TrafficStats
    let bound: BoundAddress
    let logger: Logger
    /// This daemon's id in the registry.
    let id = "d-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()

    func run() async throws {
        await cancelWhenGracefulShutdown {
            guard let address = await bound.wait() else { return }
            let startedAtMs = Int64(Date().timeIntervalSince1970 * 1000)
            var beats = 0
            while !Task.isCancelled {
                do {
                    try await beat(address: address, startedAtMs: startedAtMs)
                    if beats % 10 == 0 {
                        let gone = try await engine.pruneDaemons(silentFor: Self.pruneAfterSeconds)
                        if !gone.isEmpty { logger.info("removed silent daemons from the registry", metadata: ["daemons": "\(gone)"]) }
                    }
                } catch {
                    logger.warning("daemon heartbeat failed", metadata: ["error": "\(error)"])
                }
                beats += 1
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func beat(address: ListenAddress, startedAtMs: Int64) async throws {
        let traffic = traffic.overall()
        try await engine.beat(DaemonHeartbeat(
            id: id, address: address.description, version: FloodgateDaemon.version, startedAtMs: startedAtMs,
            requestsPerSecond: traffic.perSecond, p99Ms: traffic.p99Ms, lastSeenMs: 0
        ))
    }
}
