import FloodgateRedis
import FloodgateSystem
import Foundation

/// A real Redis Cluster for one test: six `redis-server` processes on free loopback ports (three
/// primaries, three replicas), each in its own directory with `cluster-enabled yes`, joined by
/// `redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes`.
public final class TestRedisCluster: Sendable {
    /// The six servers, in the order `redis-cli` was given them (it makes the first three primaries).
    public let nodes: [RedisServerProcess]
    /// The password every node requires (`requirepass`, and `masterauth` for replication), if any.
    public let password: String?

    private init(nodes: [RedisServerProcess], password: String?) {
        self.nodes = nodes
        self.password = password
    }

    /// The `redis+cluster://` URL with every node as a seed (and the password, if any).
    public var url: String {
        "redis+cluster://" + (password.map { ":\($0)@" } ?? "") + nodes.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")
    }

    /// Starts six nodes, creates the cluster and waits until every node reports `cluster_state:ok`.
    /// - Parameters:
    ///   - nodeTimeoutMilliseconds: `cluster-node-timeout`; small, so failovers are quick.
    ///   - password: a password every node requires.
    public static func start(nodeTimeoutMilliseconds: Int = 1000, password: String? = nil) async throws -> TestRedisCluster {
        var nodes: [RedisServerProcess] = []
        do {
            for _ in 0..<6 { nodes.append(try await startNode(nodeTimeoutMilliseconds: nodeTimeoutMilliseconds, password: password)) }
            let cluster = TestRedisCluster(nodes: nodes, password: password)
            try await cluster.create()
            try await cluster.waitUntilHealthy()
            return cluster
        } catch {
            for node in nodes { await node.kill() }
            throw error
        }
    }

    /// Runs `body` with a fresh cluster and stops its processes afterwards, also when `body` throws.
    public static func with<T: Sendable>(password: String? = nil, _ body: (TestRedisCluster) async throws -> T) async throws -> T {
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

    /// Stops every node that still runs (SIGTERM, by PID), waits for each, and removes their directories.
    public func stop() async {
        for node in nodes where node.isRunning { await node.stop() }
        for node in nodes { try? FileManager.default.removeItem(atPath: node.options.directory) }
    }

    /// Runs `redis-cli -p <port of node> arguments...` and returns its standard output.
    public func cli(_ node: RedisServerProcess, _ arguments: [String]) async throws -> String {
        try await Self.runCLI(["-p", String(node.port)] + arguments, password: password)
    }

    /// The node listening on `port`.
    public func node(port: Int) -> RedisServerProcess? {
        nodes.first { $0.port == port }
    }

    /// The primaries: the nodes whose `ROLE` says master, by port.
    public func primaries() async throws -> [RedisServerProcess] {
        var primaries: [RedisServerProcess] = []
        for node in nodes where node.isRunning {
            if try await cli(node, ["ROLE"]).hasPrefix("master") { primaries.append(node) }
        }
        return primaries
    }

    /// The primary that serves `slot`, from a running node's `CLUSTER NODES`.
    public func primary(ofSlot slot: Int) async throws -> RedisServerProcess {
        for node in nodes where node.isRunning {
            // Each line: id host:port@bus flags primary-id ping pong epoch link slot-ranges...
            for line in try await cli(node, ["CLUSTER", "NODES"]).split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count > 8, fields[2].contains("master"), !fields[2].contains("fail"),
                    let port = fields[1].split(separator: "@").first?.split(separator: ":").last.flatMap({ Int($0) })
                else { continue }
                for range in fields[8...] where !range.hasPrefix("[") {
                    let bounds = range.split(separator: "-").compactMap { Int($0) }
                    if let first = bounds.first, (first...(bounds.last ?? first)).contains(slot), let primary = self.node(port: port) {
                        return primary
                    }
                }
            }
        }
        throw TestRedisClusterError("no running node knows the primary of slot \(slot)")
    }

    /// The node id of `node` (`CLUSTER MYID`).
    public func id(of node: RedisServerProcess) async throws -> String {
        try await cli(node, ["CLUSTER", "MYID"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A replica of `primary`, from the primary's `CLUSTER NODES`.
    public func replica(of primary: RedisServerProcess) async throws -> RedisServerProcess {
        let primaryID = try await id(of: primary)
        for line in try await cli(primary, ["CLUSTER", "NODES"]).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 3, fields[2].contains("slave"), fields[3] == primaryID,
                let port = fields[1].split(separator: "@").first?.split(separator: ":").last.flatMap({ Int($0) }),
                let replica = node(port: port)
            else { continue }
            return replica
        }
        throw TestRedisClusterError("no replica of \(primary.port)")
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

    /// Waits until every running node reports `cluster_state:ok` and agrees on the slot map, and
    /// every primary has a replica online (its first sync done).
    public func waitUntilHealthy(seconds: Int = 30) async throws {
        for _ in 0..<(seconds * 10) {
            if try await isHealthy() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestRedisClusterError("the cluster did not reach cluster_state:ok within \(seconds) s")
    }

    private func isHealthy() async throws -> Bool {
        var maps: Set<String> = []
        for node in nodes where node.isRunning {
            guard try await cli(node, ["CLUSTER", "INFO"]).contains("cluster_state:ok") else { return false }
            maps.insert(try await cli(node, ["CLUSTER", "SLOTS"]))
            let replication = try await cli(node, ["INFO", "replication"])
            if replication.contains("role:master"), !replication.contains("state=online") { return false }
        }
        return maps.count == 1
    }

    private func create() async throws {
        let addresses = nodes.map { "127.0.0.1:\($0.port)" }
        let output = try await Self.runCLI(["--cluster", "create"] + addresses + ["--cluster-replicas", "1", "--cluster-yes"], password: password)
        guard output.contains("All 16384 slots covered") else {
            throw TestRedisClusterError("redis-cli --cluster create failed: \(output.suffix(500))")
        }
    }

    private static func startNode(nodeTimeoutMilliseconds: Int, password: String?) async throws -> RedisServerProcess {
        var attempt = 0
        while true {
            var options = RedisServerOptions(
                directory: makeScratchDirectory("redis-cluster"),
                listener: .tcp(port: FreePort.next(alsoFreeAt: 10_000))
            )
            options.appendFsync = nil
            options.password = password
            options.extraConfig = [
                "cluster-enabled yes", "cluster-config-file nodes.conf",
                "cluster-node-timeout \(nodeTimeoutMilliseconds)", "enable-debug-command local", "repl-diskless-sync-delay 0",
            ] + (password.map { ["masterauth \"\($0)\""] } ?? [])
            do {
                return try await RedisServerProcess.start(options)
            } catch let error as RedisServerError where "\(error)".contains("Address already in use") && attempt < 5 {
                attempt += 1  // another process took a port between the check and the bind
            }
        }
    }

    /// Runs redis-cli, with the password in `REDISCLI_AUTH` (not on its command line).
    private static func runCLI(_ arguments: [String], password: String?) async throws -> String {
        let directory = makeScratchDirectory("redis-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/out"
        let process = try await ChildProcess.spawn(["/usr/bin/redis-cli"] + arguments, environment: password.map { ["REDISCLI_AUTH": $0] },
                                                   standardOutput: output, standardError: output)
        let code = await process.waitUntilExit()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard code == 0 else { throw TestRedisClusterError("redis-cli \(arguments.joined(separator: " ")) exited \(code): \(text)") }
        return text
    }
}

/// The test cluster could not be started or inspected.
public struct TestRedisClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
