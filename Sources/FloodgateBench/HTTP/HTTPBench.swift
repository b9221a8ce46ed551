import ArgumentParser
import FloodgateRedis
import FloodgateSystem
import FloodgateTesting
import Foundation

/// `floodgate-bench http`: the daemon's hot calls under wrk, side by side with `GET /health`.
struct HTTPBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Measure /health, /queue/status, /queue/register and /checkout/reserve with wrk against one daemon and its embedded Redis."
    )

    @Option(help: "wrk connections.")
    var connections = 64

    @Option(help: "Seconds per wrk run.")
    var seconds = 8

    @Option(help: "Runs of each workload, alternating.")
    var rounds = 2

    @Option(help: "Then register this many shoppers in all and report the daemon's RSS and Redis' memory (0: skip).")
    var registrations = 0

    func run() async throws {
        let daemon = try await TestDaemon.start(["--admin-token", "bench", "--registrations-per-source", "0", "--log-level", "notice"])
        defer { Task { await daemon.stop() } }
        let client = FloodgateClient(baseURL: daemon.baseURL, adminToken: "bench")
        try await client.createSale(#"{"id":"bench","skus":[{"sku":"A","stock":10000000}],"admit_per_second":100000,"admission_factor":100,"per_user_limit":1000}"#)
        let tokens = try await Self.admittedTokens(client, count: 2_000)
        let scripts = try Self.scriptPaths()
        let wrk = WrkRunner(connections: connections, seconds: seconds)
        let workloads: [(String, String, String?, [String: String])] = [
            ("GET /health", "/health", nil, [:]),
            ("GET /queue/status", "/", scripts.tokens, ["FLOODGATE_TOKENS": tokens, "FLOODGATE_PATH": "/queue/status"]),
            ("POST /queue/register", "/", scripts.register, ["FLOODGATE_SALE": "bench"]),
            ("POST /checkout/reserve", "/", scripts.tokens,
             ["FLOODGATE_TOKENS": tokens, "FLOODGATE_PATH": "/checkout/reserve", "FLOODGATE_BODY": #"{"sku":"A","qty":1}"#]),
        ]
        print("floodgate serve at \(daemon.baseURL) (embedded Redis), wrk -t1 -c\(connections) -d\(seconds)s, \(rounds) rounds")
        var results: [String: [LoadResult]] = [:]
        for round in 1...rounds {
            for (name, path, script, environment) in workloads {
                let result = try await wrk.run(daemon.baseURL + path, script: script,
                                               environment: environment.merging(["FLOODGATE_RUN": UUID().uuidString]) { $1 })
                results[name, default: []].append(result)
                print("  round \(round) \(name): \(Int(result.callsPerSecond)) req/s, p99 \(result.p99Milliseconds) ms, \(result.errors) errors")
            }
        }
        print(Self.table(workloads.map(\.0), results))
        if registrations > 0 {
            try await measureMemory(daemon: daemon, client: client, wrk: wrk, script: scripts.register)
        }
        await daemon.stop()
    }

    private static func table(_ names: [String], _ results: [String: [LoadResult]]) -> String {
        let health = results["GET /health"]?.medians.callsPerSecond ?? 1
        var lines = ["", "call                      req/s   p50 ms   p99 ms  errors  vs /health", String(repeating: "-", count: 70)]
        for name in names {
            let median = results[name]?.medians ?? LoadResult(callsPerSecond: 0, p50Milliseconds: 0, p99Milliseconds: 0)
            lines.append(name.padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: "%9.0f  %7.2f  %7.2f  %6d  %8.2fx", median.callsPerSecond, median.p50Milliseconds,
                         median.p99Milliseconds, median.errors, median.callsPerSecond / health))
        }
        lines.append("(medians over the rounds)")
        return lines.joined(separator: "\n")
    }

    /// Registers `count` shoppers and waits until all are admitted; returns a file of their tokens.
    private static func admittedTokens(_ client: FloodgateClient, count: Int) async throws -> String {
        var tokens: [String] = []
        for index in 0..<count { tokens.append(try await client.token(sale: "bench", user: "bench-\(index)")) }
        try await client.waitUntilAdmitted(tokens.last!, seconds: 30)
        let file = makeScratchDirectory("tokens") + "/tokens.txt"
        try tokens.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    private func measureMemory(daemon: TestDaemon, client: FloodgateClient, wrk: WrkRunner, script: String) async throws {
        var registered = 0
        while registered < registrations {
            _ = try await wrk.run(daemon.baseURL + "/", script: script, environment: ["FLOODGATE_SALE": "bench", "FLOODGATE_RUN": UUID().uuidString])
            registered = (try await client.saleStatus("bench")["counters"] as? [String: Int])?["registered"] ?? 0
            print("  registered \(registered)")
        }
        let status = (try? String(contentsOfFile: "/proc/\(daemon.process.pid)/status", encoding: .utf8)) ?? ""
        let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }.map(String.init) ?? "VmRSS: ?"
        let redis = RedisClient(configuration: RedisClientConfiguration(endpoint: try RedisEndpoint(url: "unix://\(daemon.dataDirectory)/redis.sock")))
        try await redis.connect()
        let info = try await redis.send(["INFO", "memory"]).string ?? ""
        redis.shutdown()
        let used = info.split(separator: "\r\n").first { $0.hasPrefix("used_memory_human:") } ?? "used_memory_human:?"
        print("after \(registered) registrations: daemon \(rss.replacingOccurrences(of: "\t", with: " ")), redis \(used)")
    }

    private static func scriptPaths() throws -> (register: String, tokens: String) {
        guard let register = Bundle.module.path(forResource: "register", ofType: "lua", inDirectory: "Scripts"),
            let tokens = Bundle.module.path(forResource: "tokens", ofType: "lua", inDirectory: "Scripts")
        else { throw BenchError("the wrk scripts are missing from the bundle") }
        return (register, tokens)
    }
}
