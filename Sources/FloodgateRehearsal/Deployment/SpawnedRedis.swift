import FloodgateRedis
import Synchronization

/// The Redis `--spawn` starts: one `redis-server` on a loopback port, its AOF synced on every
/// write (so that kills prove durability), or a local cluster of three primaries and three
/// replicas (``LocalRedisCluster``). Faults kill its processes by their process ids.
enum SpawnedRedis: Sendable {
    /// The one server; a restart replaces its process.
    final class Server: Sendable {
        let process: Mutex<RedisServerProcess>
        init(_ process: RedisServerProcess) { self.process = Mutex(process) }
    }

    case single(Server)
    case cluster(LocalRedisCluster)

    /// Starts Redis in `directory/redis` (the cluster's nodes in `directory/redis/node-N`).
    /// - Throws: ``RehearsalSetupError`` when it does not come up.
    static func start(_ topology: RedisTopology, directory: String) async throws -> SpawnedRedis {
        do {
            switch topology {
            case .single:
                var options = RedisServerOptions(directory: directory + "/redis", listener: .tcp(port: LoopbackPort.pick()))
                options.appendFsync = .always
                return .single(Server(try await RedisServerProcess.start(options)))
            case .cluster:
                var options = LocalRedisCluster.Options(directory: directory + "/redis")
                options.nodeTimeoutMilliseconds = 1000
                options.appendFsync = .everysec
                return .cluster(try await LocalRedisCluster.start(options))
            }
        } catch {
            throw RehearsalSetupError("starting Redis: \(error)")
        }
    }

    /// The URL the daemons get: `redis://127.0.0.1:PORT`, or `redis+cluster://` with every node.
    var url: String {
        switch self {
        case .single(let server): "redis://127.0.0.1:\(server.process.withLock { $0.port })"
        case .cluster(let cluster): cluster.url
        }
    }

    /// How the checks' client reaches it.
    var configuration: RedisClientConfiguration {
        switch self {
        case .single(let server):
            return RedisClientConfiguration(endpoint: server.process.withLock { $0.endpoint })
        case .cluster(let cluster):
            var configuration = RedisClientConfiguration(endpoint: cluster.nodes[0].endpoint)
            configuration.clusterSeeds = cluster.nodes.map(\.endpoint)
            return configuration
        }
    }

    /// Kills the single Redis with SIGKILL and starts it again on its AOF after `down`.
    func restart(down: Duration) async -> FaultResult {
        guard case .single(let server) = self else { return .skipped("on a cluster, use the failover fault") }
        let old = server.process.withLock { $0 }
        await old.kill()
        try? await Task.sleep(for: down)
        let started = ContinuousClock.now
        do {
            let fresh = try await RedisServerProcess.start(old.options)
            server.process.withLock { $0 = fresh }
        } catch {
            return .skipped("killed, but the restart failed: \(error)")
        }
        return .done("killed; restarted on its AOF after \(down.seconds.formatted(decimals: 1)) s, answering \((ContinuousClock.now - started).seconds.formatted(decimals: 1)) s later")
    }

    /// Kills the cluster primary that serves `slot` with SIGKILL, waits (at most 30 s) until a
    /// replica has taken the slot over, and starts the old primary again after `restartAfter`
    /// (counted from the kill; never when nil), when it rejoins as a replica.
    func failover(slot: Int, restartAfter: Duration?) async -> FaultResult {
        guard case .cluster(let cluster) = self else { return .skipped("needs \"redis\": \"cluster\"") }
        let killed: RedisServerProcess
        do { killed = try await cluster.primary(ofSlot: slot) } catch { return .skipped("\(error)") }
        let pid = killed.pid
        await killed.kill()
        let start = ContinuousClock.now
        var detail = "killed primary 127.0.0.1:\(killed.port) (pid \(pid)) of slot \(slot)"
        guard let promoted = await promotion(of: slot, in: cluster, replacing: killed) else {
            return .skipped(detail + "; no replica took over within 30 s")
        }
        detail += "; replica 127.0.0.1:\(promoted.port) took over \((ContinuousClock.now - start).seconds.formatted(decimals: 1)) s later"
        guard let restartAfter else { return .done(detail) }
        try? await Task.sleep(until: start + restartAfter)
        do {
            try await cluster.restart(killed)
        } catch {
            return .skipped(detail + "; the old primary did not restart: \(error)")
        }
        return .done(detail + "; the old primary restarted \((ContinuousClock.now - start).seconds.formatted(decimals: 1)) s after the kill")
    }

    /// Stops every process it started.
    func stop() async {
        switch self {
        case .single(let server): await server.process.withLock { $0 }.stop()
        case .cluster(let cluster): await cluster.stop()
        }
    }

    private func promotion(of slot: Int, in cluster: LocalRedisCluster, replacing killed: RedisServerProcess) async -> RedisServerProcess? {
        for _ in 0..<300 {
            if let primary = try? await cluster.primary(ofSlot: slot), primary.port != killed.port { return primary }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
