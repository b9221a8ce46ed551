import ArgumentParser
import FloodgateRedis
import FloodgateTesting
import Foundation

/// `floodgate-bench redis`: the Floodgate Redis client against `redis-benchmark`, alternating
/// on one redis-server, printing medians and ratios.
struct RedisBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis",
        abstract: "Measure the Redis client against redis-benchmark (-c 64 -P 1) on the same server."
    )

    @Option(help: "Concurrent callers (and redis-benchmark clients).")
    var callers = 64

    @Option(help: "Calls per run.")
    var calls = 200_000

    @Option(help: "Runs of each tool per workload, alternating.")
    var rounds = 3

    @Option(help: "Connections the client keeps.")
    var connections = 1

    func run() async throws {
        let server = try await TestRedisServer.start()
        defer { Task { await server.stop() } }
        var configuration = RedisClientConfiguration(endpoint: server.endpoint)
        configuration.connectionCount = connections
        let client = RedisClient(configuration: configuration)
        try await client.connect()
        let script = try Self.reserveScript()
        try await client.load([script])
        _ = try await client.send(["SET", "benchkey", "a-value-of-some-thirty-two-bytes"])
        _ = try await client.send(["SET", "{b}:stock", "1000000000000"])

        let tool = RedisBenchmarkTool(port: server.port, clients: callers, requests: calls)
        let load = ClientLoad(client: client, callers: callers, totalCalls: calls)
        let keys = ["{b}:stock", "{b}:holds", "{b}:expiry", "{b}:ledger"]
        var rows: [(String, [LoadResult], [LoadResult])] = []

        print("redis-server \(server.endpoint.displayName), \(callers) callers, \(calls) calls a run, \(rounds) rounds, client with \(connections) connection(s)")
        for (name, command, clientCall) in [
            ("GET", ["GET", "benchkey"], { @Sendable (_: Int) async throws in _ = try await client.send(["GET", "benchkey"]) }),
            ("EVALSHA reserve", ["EVALSHA", script.sha1, "4"] + keys + ["1", "__rand_int__"], { @Sendable (index: Int) async throws in
                _ = try await client.evalsha(script, keys: keys, arguments: ["1", String(index)])
            }),
        ] {
            var ours: [LoadResult] = []
            var theirs: [LoadResult] = []
            for round in 1...rounds {
                theirs.append(try await tool.run(command))
                ours.append(await load.run(clientCall))
                print("  \(name) round \(round): client \(Int(ours.last!.callsPerSecond)) calls/s, redis-benchmark \(Int(theirs.last!.callsPerSecond)) calls/s")
            }
            rows.append((name, ours, theirs))
        }
        client.shutdown()
        await server.stop()
        print(Self.table(rows))
    }

    private static func table(_ rows: [(String, [LoadResult], [LoadResult])]) -> String {
        var lines = [
            "",
            "workload          tool               calls/s   p50 ms   p99 ms   errors   ratio",
            "----------------  ---------------  ---------  -------  -------  -------  ------",
        ]
        for (name, ours, theirs) in rows {
            let client = ours.medians
            let reference = theirs.medians
            lines.append(row(name, "redis-benchmark", reference, ratio: 1))
            lines.append(row(name, "floodgate client", client, ratio: client.callsPerSecond / reference.callsPerSecond))
        }
        lines.append("(medians over the rounds; ratio = client calls/s / redis-benchmark calls/s)")
        return lines.joined(separator: "\n")
    }

    private static func row(_ name: String, _ tool: String, _ result: LoadResult, ratio: Double) -> String {
        name.padding(toLength: 16, withPad: " ", startingAt: 0) + "  "
            + tool.padding(toLength: 15, withPad: " ", startingAt: 0) + "  "
            + String(format: "%9.0f  %7.2f  %7.2f  %7d  %5.2fx", result.callsPerSecond, result.p50Milliseconds, result.p99Milliseconds, result.errors, ratio)
    }

    private static func reserveScript() throws -> RedisScript {
        guard let url = Bundle.module.url(forResource: "reserve_like", withExtension: "lua", subdirectory: "Scripts"),
            let source = try? String(contentsOf: url, encoding: .utf8)
        else { throw BenchError("the benchmark script reserve_like.lua is missing from the bundle") }
        return RedisScript(name: "reserve_like", source: source)
    }
}
