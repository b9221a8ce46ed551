import FloodgateSystem
import Foundation

/// The built `floodgate` binary run as a child process, as an operator would run it.
public final class TestDaemon: Sendable {
    /// The child process.
    public let process: ChildProcess
    /// The daemon's data directory.
    public let dataDirectory: String
    /// Where its standard error (the log) goes.
    public let logFile: String
    /// The base URL of its HTTP listener, such as `http://127.0.0.1:41234`.
    public let baseURL: String

    private init(process: ChildProcess, dataDirectory: String, logFile: String, baseURL: String) {
        self.process = process
        self.dataDirectory = dataDirectory
        self.logFile = logFile
        self.baseURL = baseURL
    }

    /// Runs `floodgate serve` on a free port and waits until it listens.
    /// - Parameters:
    ///   - arguments: more arguments for `serve`, such as `["--redis", url]`.
    ///   - dataDirectory: the `--data-dir`; a fresh one by default.
    public static func start(_ arguments: [String] = [], dataDirectory: String = makeScratchDirectory("daemon")) async throws -> TestDaemon {
        let logFile = dataDirectory + "-\(UUID().uuidString.prefix(8)).log"
        // setpriv: the daemon goes when the test process goes, even when a test fails before stopping it.
        let process = try await ChildProcess.spawn(
            ["/usr/bin/setpriv", "--pdeathsig", "TERM", "--", FloodgateBinary.path, "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory] + arguments,
            standardError: logFile
        )
        for _ in 0..<400 {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            if let range = log.range(of: "floodgate listening on ") {
                let url = log[range.upperBound...].prefix { !$0.isWhitespace }
                return TestDaemon(process: process, dataDirectory: dataDirectory, logFile: logFile, baseURL: String(url))
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.signal(SIGKILL)
        throw TestDaemonError(log: (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "")
    }

    /// Stops the daemon with SIGTERM (graceful) and waits for it.
    @discardableResult
    public func stop() async -> Int32 {
        process.signal(SIGTERM)
        return await process.waitUntilExit()
    }

    /// Kills the daemon with SIGKILL, as a crash would.
    public func kill() async {
        process.signal(SIGKILL)
        await process.waitUntilExit()
    }

    /// The daemon's log so far.
    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }
}

/// The daemon did not come up; its log says why.
public struct TestDaemonError: Error, CustomStringConvertible {
    public let log: String
    public var description: String { "floodgate serve did not start:\n\(log)" }
}

/// Where the `floodgate` executable that `swift build` made lives: beside the test bundle.
public enum FloodgateBinary {
    public static var path: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("floodgate").path
    }

    /// Runs the binary to completion with `arguments`.
    /// - Parameters:
    ///   - standardOutput: a file for its standard output (by default it is the caller's).
    /// - Returns: its exit code and what it wrote to standard error.
    public static func run(_ arguments: [String], environment: [String: String]? = nil,
                           standardOutput: String? = nil) async throws -> (code: Int32, stderr: String) {
        let errorFile = makeScratchDirectory("cli") + "/stderr"
        let process = try await ChildProcess.spawn([path] + arguments, environment: environment, standardOutput: standardOutput,
                                                   standardError: errorFile)
        let code = await process.waitUntilExit()
        return (code, (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "")
    }
}
