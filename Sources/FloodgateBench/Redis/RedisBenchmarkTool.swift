import FloodgateSystem
import FloodgateTesting
import Foundation

/// Runs Redis' own `redis-benchmark` and reads its CSV line.
struct RedisBenchmarkTool {
    let port: Int
    let clients: Int
    let requests: Int
    /// Whether the server is a cluster node (`--cluster`: each client on one primary, `{tag}` in
    /// keys replaced by a tag of that primary's slots).
    var cluster = false

    /// Runs one command (`["GET", "key"]`) `requests` times over `clients` connections, pipeline 1.
    func run(_ command: [String]) async throws -> LoadResult {
        guard let executable = Self.executable else { throw BenchError("redis-benchmark is not installed: apt-get install -y redis-tools") }
        let output = makeScratchDirectory("redis-benchmark") + "/out.csv"
        let process = try await ChildProcess.spawn(
            [executable, "-h", "127.0.0.1", "-p", "\(port)", "-c", "\(clients)", "-P", "1", "-n", "\(requests)", "-r", "1000000", "--csv"] + (cluster ? ["--cluster"] : []) + command,
            standardOutput: output
        )
        let code = await process.waitUntilExit()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard code == 0, let line = text.split(separator: "\n").last, !line.hasPrefix("\"test\"") else {
            throw BenchError("redis-benchmark failed (\(code)): \(text)")
        }
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        let fields = line.split(separator: ",").map { Double($0.replacingOccurrences(of: "\"", with: "")) }
        guard fields.count >= 8, let rps = fields[fields.count - 7], let p50 = fields[fields.count - 4], let p99 = fields[fields.count - 2] else {
            throw BenchError("unexpected redis-benchmark output: \(line)")
        }
        return LoadResult(callsPerSecond: rps, p50Milliseconds: p50, p99Milliseconds: p99)
    }

    private static var executable: String? {
        ["/usr/bin/redis-benchmark", "/usr/local/bin/redis-benchmark"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A benchmark that could not run, in one line.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
