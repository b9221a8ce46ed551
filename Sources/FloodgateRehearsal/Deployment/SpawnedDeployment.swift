import FloodgateRedis
import FloodgateSystem
import Foundation
import Logging
import Synchronization

/// What `--spawn` starts: Redis (one server or a local cluster, see ``SpawnedRedis``) and the
/// daemons, child processes of this same binary, all on that Redis. Faults act on these
/// processes; ``stop()`` ends exactly these, by process id.
final class SpawnedDeployment: Deployment {
    let adminToken: String
    let workDirectory: String?
    private let daemons: [SpawnedDaemon]
    private let redis: SpawnedRedis
    private let logger: Logger

    private init(adminToken: String, directory: String, daemons: [SpawnedDaemon], redis: SpawnedRedis, logger: Logger) {
        self.adminToken = adminToken
        self.workDirectory = directory
        self.daemons = daemons
        self.redis = redis
        self.logger = logger
    }

    /// Starts Redis and the profile's daemons running `executable`, set up for the crowd's network
    /// and the profile's Redis settings.
    /// - Throws: ``RehearsalSetupError`` when something does not come up (what did is stopped).
    static func start(_ profile: RehearsalProfile, executable: String, directory: String, logger: Logger) async throws -> SpawnedDeployment {
        let redis = try await SpawnedRedis.start(profile.redis, directory: directory)
        let token = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
        let url = redis.url
        var ports: [Int] = []
        for _ in 0..<profile.daemons { ports.append(LoopbackPort.pick(avoiding: Set(ports))) }
        let daemons = ports.enumerated().map { index, port in
            SpawnedDaemon(index: index, port: port, executable: executable, redisURL: url, adminToken: token, directory: directory,
                          extraArguments: profile.network.serveArguments + profile.redisServeArguments)
        }
        let deployment = SpawnedDeployment(adminToken: token, directory: directory, daemons: daemons, redis: redis, logger: logger)
        do {
            for daemon in daemons { try await daemon.start() }
        } catch {
            await deployment.stop()
            throw error
        }
        logger.info("spawned", metadata: ["redis": "\(redis.configuration.displayName)", "daemons": "\(daemons.map(\.target.description))", "work_dir": "\(directory)"])
        return deployment
    }

    var targets: [TargetAddress] { daemons.map(\.target) }

    var redisConfiguration: RedisClientConfiguration { redis.configuration }

    func killDaemon(_ index: Int, restartAfter: Duration?) async -> FaultResult {
        let daemon = daemons[index]
        await daemon.kill()
        guard let restartAfter else { return .done("killed, not restarted") }
        try? await Task.sleep(for: restartAfter)
        let started = ContinuousClock.now
        do {
            try await daemon.start()
        } catch {
            return .skipped("killed, but the restart failed: \(error)")
        }
        return .done("killed; restarted after \(restartAfter.seconds.formatted(decimals: 1)) s, listening \((ContinuousClock.now - started).seconds.formatted(decimals: 1)) s later")
    }

    func starveDaemon(_ index: Int, for duration: Duration, starvation: CPUStarvation) async -> FaultResult {
        guard let process = daemons[index].process else { return .skipped("daemon \(index) is not running") }
        let bursts = await starvation.run(process, for: duration)
        return .done("\(bursts) bursts stopped; the daemon is \(process.isRunning ? "running" : "gone (it ended meanwhile)")")
    }

    func restartRedis(down: Duration) async -> FaultResult {
        await redis.restart(down: down)
    }

    func failover(slot: Int, primary: String?, restartAfter: Duration?) async -> FaultResult {
        await redis.failover(slot: slot, restartAfter: restartAfter)
    }

    func stop() async {
        for daemon in daemons { await daemon.stop() }
        await redis.stop()
    }
}
