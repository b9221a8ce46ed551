import FloodgateRedis
import Foundation

/// A real Redis Cluster for one test (see ``LocalRedisCluster``): six nodes on free loopback
/// ports in a scratch directory, removed when it stops, with `DEBUG` allowed.
public typealias TestRedisCluster = LocalRedisCluster

extension LocalRedisCluster {
    /// Starts a test cluster and waits until it is healthy.
    /// - Parameters:
    ///   - nodeTimeoutMilliseconds: `cluster-node-timeout`; small, so failovers are quick.
    ///   - password: a password every node requires.
    public static func start(nodeTimeoutMilliseconds: Int = 1000, password: String? = nil) async throws -> LocalRedisCluster {
        var options = Options(directory: makeScratchDirectory("redis-cluster"))
        options.pickPort = { FreePort.next(alsoFreeAt: 10_000) }
        options.nodeTimeoutMilliseconds = nodeTimeoutMilliseconds
        options.password = password
        options.extraConfig = ["enable-debug-command local"]
        options.removeFilesOnStop = true
        return try await start(options)
    }

    /// Runs `body` with a fresh cluster and stops its processes afterwards, also when `body` throws.
    public static func with<T: Sendable>(password: String? = nil, _ body: (LocalRedisCluster) async throws -> T) async throws -> T {
        let cluster = try await start(password: password)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// Waits until `replica` has every write `primary` has (their replication offsets agree).
    public func waitUntilReplicated(_ primary: RedisServerProcess, to replica: RedisServerProcess) async throws {
        for _ in 0..<100 {
            let wanted = try await replicationOffset(primary, field: "master_repl_offset")
            if try await replicationOffset(replica, field: "slave_repl_offset") >= wanted { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestRedisClusterError("\(replica.port) did not catch up with \(primary.port)")
    }

    private func replicationOffset(_ node: RedisServerProcess, field: String) async throws -> Int {
        let info = try await cli(node, ["INFO", "replication"])
        let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix(field + ":") }
        return line.flatMap { Int($0.dropFirst(field.count + 1)) } ?? -1
    }

    /// Moves `slot` from `source` to `target` by hand, as `redis-cli --cluster reshard` does:
    /// IMPORTING and MIGRATING, then each key with MIGRATE (a pause between keys, so callers meet
    /// ASK and TRYAGAIN), then `SETSLOT NODE` on every primary.
    public func migrate(slot: Int, from source: RedisServerProcess, to target: RedisServerProcess, pause: Duration = .milliseconds(100)) async throws {
        let sourceID = try await id(of: source), targetID = try await id(of: target)
        _ = try await cli(target, ["CLUSTER", "SETSLOT", String(slot), "IMPORTING", sourceID])
        _ = try await cli(source, ["CLUSTER", "SETSLOT", String(slot), "MIGRATING", targetID])
        while true {
            let keys = try await cli(source, ["CLUSTER", "GETKEYSINSLOT", String(slot), "1"]).split(separator: "\n").map(String.init)
            guard let key = keys.first, !key.isEmpty else { break }
            try await Task.sleep(for: pause)
            _ = try await cli(source, ["MIGRATE", "127.0.0.1", String(target.port), "", "0", "5000", "KEYS", key])
        }
        try await Task.sleep(for: pause)
        for node in [target, source] + (try await primaries()).filter({ $0.port != source.port && $0.port != target.port }) {
            _ = try await cli(node, ["CLUSTER", "SETSLOT", String(slot), "NODE", targetID])
        }
    }
}

/// The test cluster could not be inspected.
public struct TestRedisClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
