import FloodgateRedis
import FloodgateSystem
import Foundation
import Logging
import Synchronization

/// What `--spawn` starts: a redis-server on a loopback port with the AOF synced on every write
/// (so that kills prove durability), and the daemons, child processes of this same binary, all
/// on that Redis. Faults act on these processes; ``stop()`` ends exactly these, by process id.
final class SpawnedDeployment: Deployment {
    let adminToken: String
    let workDirectory: String?
    private let daemons: [SpawnedDaemon]
    private let redis: Mutex<RedisServerProcess>
    private let logger: Logger

    private init(adminToken: String, directory: String, daemons: [SpawnedDaemon], redis: RedisServerProcess, logger: Logger) {
        self.adminToken = adminToken
        self.workDirectory = directory
        self.daemons = daemons
        self.redis = Mutex(redis)
        self.logger = logger
    }

    /// Starts Redis and `count` daemons running `executable`, set up for the crowd's `network`.
    /// - Throws: ``RehearsalSetupError`` when something does not come up (what did is stopped).
    static func start(daemons count: Int, network: ShopperNetwork, executable: String, directory: String,
                      logger: Logger) async throws -> SpawnedDeployment {
        var options = RedisServerOptions(directory: directory + "/redis", listener: .tcp(port: LoopbackPort.pick()))
        options.appendFsync = .always
        let redis: RedisServerProcess
        do {
            redis = try await RedisServerProcess.start(options)
        } catch {
            throw RehearsalSetupError("\(error)")
        }
        let token = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
        let url = "redis://127.0.0.1:\(redis.port)"
        var ports: [Int] = []
        for _ in 0..<count { ports.append(LoopbackPort.pick(avoiding: Set(ports))) }
        let daemons = ports.enumerated().map { index, port in
            SpawnedDaemon(index: index, port: port, executable: executable, redisURL: url, adminToken: token, directory: directory,
                          extraArguments: network.serveArguments)
        }
        let deployment = SpawnedDeployment(adminToken: token, directory: directory, daemons: daemons, redis: redis, logger: logger)
        do {
            for daemon in daemons { try await daemon.start() }
        } catch {
            await deployment.stop()
            throw error
        }
        logger.info("spawned", metadata: ["redis": "\(url)", "daemons": "\(daemons.map(\.target.description))", "work_dir": "\(directory)"])
        return deployment
    }

    var targets: [TargetAddress] { daemons.map(\.target) }

    var redisEndpoint: RedisEndpoint { redis.withLock { $0.endpoint } }

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
        let old = redis.withLock { $0 }
        await old.kill()
        try? await Task.sleep(for: down)
        let started = ContinuousClock.now
        do {
            let fresh = try await RedisServerProcess.start(old.options)
            redis.withLock { $0 = fresh }
        } catch {
            return .skipped("killed, but the restart failed: \(error)")
        }
        return .done("killed; restarted on its AOF after \(down.seconds.formatted(decimals: 1)) s, answering \((ContinuousClock.now - started).seconds.formatted(decimals: 1)) s later")
    }

    func stop() async {
        for daemon in daemons { await daemon.stop() }
        await redis.withLock { $0 }.stop()
    }
}
