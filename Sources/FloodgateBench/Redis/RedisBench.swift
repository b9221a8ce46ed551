import ArgumentParser
import FloodgateRedis
import FloodgateTesting
import Foundation

/// `floodgate-bench redis`: the Floodgate Redis client against `redis-benchmark`, alternating
/// on one redis-server (or, with `--cluster`, on a local three-primary cluster against
/// `redis-benchmark --cluster`), printing medians and ratios.
struct RedisBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis",
        abstract: "Measure the Redis client against redis-benchmark (-c 64 -P 1) on the same server or cluster.",
        discussion: """
            --cluster starts six redis-servers (three primaries, three replicas) and spreads the keys over the three \
            primaries, by hash tags, for both tools. --wait-replicas 1 (with --cluster) adds the reserve script \
            followed by WAIT 1, as `floodgate serve --redis-wait-replicas 1` runs it, against the same script without.
            """
    )

    @Option(help: "Concurrent callers (and redis-benchmark clients).")
    var callers = 64

    @Option(help: "Calls per run.")
    var calls = 200_000

    @Option(help: "Runs of each tool per workload, alternating.")
    var rounds = 3

    @Option(help: "Connections the client keeps (on a cluster: one per primary, whatever this says).")
    var connections = 1

    @Flag(help: "On a local Redis Cluster of three primaries (and three replicas), against redis-benchmark --cluster.")
    var cluster = false

    @Option(help: "With --cluster: also measure the reserve script followed by WAIT for this many replicas (0: skip).")
    var waitReplicas = 0

    @Option(help: "Milliseconds WAIT gives the replicas (with --wait-replicas).")
    var waitTimeoutMs = 100

    func validate() throws {
        guard waitReplicas == 0 || cluster else { throw ValidationError("--wait-replicas needs --cluster (a single redis-server has no replicas)") }
        guard (0...1).contains(waitReplicas) else { throw ValidationError("--wait-replicas must be 0 or 1 (each primary has one replica)") }
    }

    func run() async throws {
        let script = try Self.reserveScript()
        let rows: [BenchRow]
        if cluster {
            rows = try await ClusterRedisBench(bench: self, script: script).run()
        } else {
            rows = try await runSingle(script: script)
        }
        print(BenchRow.table(rows))
    }

    /// The workloads on one redis-server.
    private func runSingle(script: RedisScript) async throws -> [BenchRow] {
        let server = try await TestRedisServer.start()
        defer { Task { await server.stop() } }
        var configuration = RedisClientConfiguration(endpoint: server.endpoint)
        configuration.connectionCount = connections
        let client = RedisClient(configuration: configuration)
        try await client.connect()
        defer { client.shutdown() }
        try await client.load([script])
        _ = try await client.send(["SET", "benchkey", "a-value-of-some-thirty-two-bytes"])
        _ = try await client.send(["SET", "{b}:stock", "1000000000000"])
        let keys = ["{b}:stock", "{b}:holds", "{b}:expiry", "{b}:ledger"]
        print("redis-server \(server.endpoint.displayName), \(callers) callers, \(calls) calls a run, \(rounds) rounds, client with \(connections) connection(s)")
        let tool = RedisBenchmarkTool(port: server.port, clients: callers, requests: calls)
        return [
            try await compare("GET", tool: tool, command: ["GET", "benchkey"], client: client) { _ in ["GET", "benchkey"] },
            try await compare("EVALSHA reserve", tool: tool, command: ["EVALSHA", script.sha1, "4"] + keys + ["1", "__rand_int__"], client: client) { index in
                ["EVALSHA", script.sha1, "4"] + keys + ["1", String(index)]
            },
        ]
    }

    /// Runs redis-benchmark's `command` and the client's calls (`call(index)` gives a call's
    /// arguments) in alternating rounds.
    func compare(_ name: String, tool: RedisBenchmarkTool, command: [String], client: RedisClient,
                 call: @escaping @Sendable (Int) -> [String]) async throws -> BenchRow {
        let load = ClientLoad(client: client, callers: callers, totalCalls: calls)
        var row = BenchRow(workload: name, reference: "redis-benchmark", candidate: "floodgate client")
        for round in 1...rounds {
            row.references.append(try await tool.run(command))
            row.candidates.append(await load.run { index in _ = try await client.send(call(index)) })
            print("  \(name) round \(round): client \(Int(row.candidates.last!.callsPerSecond)) calls/s, redis-benchmark \(Int(row.references.last!.callsPerSecond)) calls/s")
        }
        return row
    }

    /// `Scripts/reserve_like.lua`; `awaitsReplicas` for the WAIT measurement.
    static func reserveScript(awaitsReplicas: Bool = false) throws -> RedisScript {
        guard let url = Bundle.module.url(forResource: "reserve_like", withExtension: "lua", subdirectory: "Scripts"),
            let source = try? String(contentsOf: url, encoding: .utf8)
        else { throw BenchError("the benchmark script reserve_like.lua is missing from the bundle") }
        return RedisScript(name: "reserve_like", source: source, awaitsReplicas: awaitsReplicas)
    }
}
