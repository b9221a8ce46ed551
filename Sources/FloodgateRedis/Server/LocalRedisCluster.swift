import FloodgateSystem
import Foundation
import NIOConcurrencyHelpers

/// A Redis Cluster of `redis-server` child processes on loopback: six nodes (three primaries,
/// three replicas), each in its own directory with `cluster-enabled yes`, joined by
/// `redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes`. The tests' cluster and
/// `floodgate rehearse --spawn` with `"redis": "cluster"` both run on it.
public final class LocalRedisCluster: Sendable {
    /// How the nodes are started.
    public struct Options: Sendable {
        /// Where each node keeps its directory (`node-0` ... `node-5`) and `redis-cli` its output.
        public var directory: String
        /// Picks a node's port: a loopback port free now whose port + 10000 (its cluster bus) is free too.
        public var pickPort: @Sendable () -> Int = LocalRedisCluster.pickPort
        /// `cluster-node-timeout`; small, so failovers are quick.
        public var nodeTimeoutMilliseconds = 1000
        /// A password every node requires (`requirepass`, and `masterauth` for replication).
        public var password: String?
        /// Each node's append-only file (nil: none).
        public var appendFsync: RedisServerOptions.AppendFsync?
        /// More config lines for every node.
        public var extraConfig: [String] = []
        /// Whether ``stop()`` removes the directories too.
        public var removeFilesOnStop = false

        /// Options for a cluster whose nodes live under `directory`.
        public init(directory: String) {
            self.directory = directory
        }
    }

    /// How the cluster was started.
    public let options: Options
    private let processes: NIOLockedValueBox<[RedisServerProcess]>

    private init(options: Options, nodes: [RedisServerProcess]) {
        self.options = options
        self.processes = NIOLockedValueBox(nodes)
    }

    /// The six servers, in the order `redis-cli` was given them (it makes the first three primaries);
    /// a node restarted with ``restart(_:)`` takes its old place.
    public var nodes: [RedisServerProcess] { processes.withLockedValue { $0 } }

    /// The password every node requires, if any.
    public var password: String? { options.password }

    /// The `redis+cluster://` URL with every node as a seed (and the password, if any).
    public var url: String {
        RedisClientConfiguration.clusterScheme + (password.map { ":\($0)@" } ?? "")
            + nodes.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")
    }

    /// Starts six nodes, creates the cluster and waits until every node reports `cluster_state:ok`.
    /// - Throws: ``RedisServerError`` when a node does not start, ``LocalRedisClusterError`` when
    ///   the cluster does not form (every node started is killed).
    public static func start(_ options: Options) async throws -> LocalRedisCluster {
        var nodes: [RedisServerProcess] = []
        do {
            try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
            for index in 0..<6 { nodes.append(try await startNode(index, options: options)) }
            let cluster = LocalRedisCluster(options: options, nodes: nodes)
            try await cluster.create()
            try await cluster.waitUntilHealthy()
            return cluster
        } catch {
            for node in nodes { await node.kill() }
            throw error
        }
    }

    /// Stops every node that still runs (SIGTERM, by PID) and waits for each.
    public func stop() async {
        for node in nodes where node.isRunning { await node.stop() }
        if options.removeFilesOnStop { try? FileManager.default.removeItem(atPath: options.directory) }
    }

    /// Starts a node that was killed again, on its directory (its `nodes.conf`): a primary that
    /// lost its slots meanwhile rejoins as a replica of the node that took them over.
    public func restart(_ node: RedisServerProcess) async throws {
        let fresh = try await RedisServerProcess.start(node.options)
        processes.withLockedValue { nodes in
            if let index = nodes.firstIndex(where: { $0.port == node.port }) { nodes[index] = fresh }
        }
    }

    /// Runs `redis-cli -p <port of node> arguments...` and returns its standard output.
    public func cli(_ node: RedisServerProcess, _ arguments: [String]) async throws -> String {
        try await runCLI(["-p", String(node.port)] + arguments)
    }

    /// The node listening on `port`.
    public func node(port: Int) -> RedisServerProcess? {
        nodes.first { $0.port == port }
    }

    /// The primaries: the running nodes whose `ROLE` says master.
    public func primaries() async throws -> [RedisServerProcess] {
        var primaries: [RedisServerProcess] = []
        for node in nodes where node.isRunning {
            if try await cli(node, ["ROLE"]).hasPrefix("master") { primaries.append(node) }
        }
        return primaries
    }

    /// The primary that serves `slot`, from a running node's `CLUSTER NODES` (a primary the
    /// cluster has marked failed does not count).
    public func primary(ofSlot slot: Int) async throws -> RedisServerProcess {
        for node in nodes where node.isRunning {
            // Each line: id host:port@bus flags primary-id ping pong epoch link slot-ranges...
            for line in try await cli(node, ["CLUSTER", "NODES"]).split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count > 8, fields[2].contains("master"), !fields[2].contains("fail"),
                    let port = Self.port(fields[1])
                else { continue }
                for range in fields[8...] where !range.hasPrefix("[") {
                    let bounds = range.split(separator: "-").compactMap { Int($0) }
                    if let first = bounds.first, (first...(bounds.last ?? first)).contains(slot), let primary = self.node(port: port) {
                        return primary
                    }
                }
            }
        }
        throw LocalRedisClusterError("no running node knows the primary of slot \(slot)")
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
                let port = Self.port(fields[1]), let replica = node(port: port)
            else { continue }
            return replica
        }
        throw LocalRedisClusterError("no replica of \(primary.port)")
    }

    /// Waits until every running node reports `cluster_state:ok` and agrees on the slot map, and
    /// every primary has a replica online (its first sync done).
    public func waitUntilHealthy(seconds: Int = 30) async throws {
        for _ in 0..<(seconds * 10) {
            if try await isHealthy() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LocalRedisClusterError("the cluster did not reach cluster_state:ok within \(seconds) s")
    }

    /// A port for a node: random from 20000 to 22767 (its bus port, + 10000, stays below the
    /// kernel's ephemeral range), free now with its bus port.
    public static func pickPort() -> Int {
        for _ in 0..<1_000 {
            let port = Int.random(in: 20_000..<22_768)
            if TCPPort.isFreeOnLoopback(port), TCPPort.isFreeOnLoopback(port + 10_000) { return port }
        }
        return Int.random(in: 20_000..<22_768)
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
        let output = try await runCLI(["--cluster", "create"] + addresses + ["--cluster-replicas", "1", "--cluster-yes"])
        guard output.contains("All 16384 slots covered") else {
            throw LocalRedisClusterError("redis-cli --cluster create failed: \(output.suffix(500))")
        }
    }

    private static func startNode(_ index: Int, options: Options) async throws -> RedisServerProcess {
        var attempt = 0
        while true {
            var node = RedisServerOptions(directory: options.directory + "/node-\(index)", listener: .tcp(port: options.pickPort()))
            node.appendFsync = options.appendFsync
            node.password = options.password
            node.extraConfig = [
                "cluster-enabled yes", "cluster-config-file nodes.conf",
                "cluster-node-timeout \(options.nodeTimeoutMilliseconds)", "repl-diskless-sync-delay 0",
            ] + (options.password.map { ["masterauth \"\($0)\""] } ?? []) + options.extraConfig
            do {
                return try await RedisServerProcess.start(node)
            } catch let error as RedisServerError where "\(error)".contains("Address already in use") && attempt < 5 {
                attempt += 1  // another process took a port between the check and the bind
            }
        }
    }

    /// Runs redis-cli, with the password in `REDISCLI_AUTH` (not on its command line).
    private func runCLI(_ arguments: [String]) async throws -> String {
        let output = options.directory + "/redis-cli-\(UUID().uuidString.prefix(8)).out"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = try await ChildProcess.spawn(["/usr/bin/redis-cli"] + arguments, environment: password.map { ["REDISCLI_AUTH": $0] },
                                                   standardOutput: output, standardError: output)
        let code = await process.waitUntilExit()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard code == 0 else { throw LocalRedisClusterError("redis-cli \(arguments.joined(separator: " ")) exited \(code): \(text)") }
        return text
    }

    /// The port of a `host:port@bus` field of `CLUSTER NODES`.
    private static func port(_ field: Substring) -> Int? {
        field.split(separator: "@").first?.split(separator: ":").last.flatMap { Int($0) }
    }
}

/// The cluster could not be started or inspected.
public struct LocalRedisClusterError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
