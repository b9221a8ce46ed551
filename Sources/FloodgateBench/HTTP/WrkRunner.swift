import FloodgateSystem
import FloodgateTesting
import Foundation

/// Runs `wrk` against a URL and reads its summary.
struct WrkRunner {
    let connections: Int
    let seconds: Int

    /// One run of `wrk -t1 -cN -dS --latency [-s script] url`.
    func run(_ url: String, script: String? = nil, environment: [String: String] = [:]) async throws -> LoadResult {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else { throw BenchError("wrk is not installed: apt-get install -y wrk") }
        let output = makeScratchDirectory("wrk") + "/out.txt"
        var arguments = ["/usr/bin/wrk", "-t1", "-c\(connections)", "-d\(seconds)s", "--latency"]
        if let script { arguments += ["-s", script] }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        let process = try await ChildProcess.spawn(arguments + [url], environment: env, standardOutput: output)
        let code = await process.waitUntilExit()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard code == 0, let result = Self.parse(text) else { throw BenchError("wrk failed (\(code)): \(text)") }
        return result
    }

    /// Requests/sec, the 50% and 99% latencies, and non-2xx/3xx responses from wrk's output.
    static func parse(_ text: String) -> LoadResult? {
        var rps: Double?
        var p50: Double?
        var p99: Double?
        var errors = 0
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), fields.count > 1 { rps = Double(fields[1]) }
            if line.hasPrefix("50%"), fields.count > 1 { p50 = milliseconds(String(fields[1])) }
            if line.hasPrefix("99%"), fields.count > 1 { p99 = milliseconds(String(fields[1])) }
            if line.hasPrefix("Non-2xx or 3xx responses:"), let count = fields.last.flatMap({ Int($0) }) { errors += count }
            if line.hasPrefix("Socket errors:") { errors += line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.reduce(0, +) }
        }
        guard let rps, let p50, let p99 else { return nil }
        return LoadResult(callsPerSecond: rps, p50Milliseconds: p50, p99Milliseconds: p99, errors: errors)
    }

    /// wrk's latency text (`812.00us`, `1.23ms`, `2.01s`) in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (suffix, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * scale }
        }
        return nil
    }
}
