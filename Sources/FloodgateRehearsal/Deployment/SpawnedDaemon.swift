import FloodgateSystem
import Foundation
import Synchronization

/// A `floodgate serve` child process the run started, on a fixed port so that it comes back at
/// the same address after a kill. Each start logs to its own file in the work directory.
final class SpawnedDaemon: Sendable {
    let index: Int
    let target: TargetAddress
    private let arguments: [String]
    private let environment: [String: String]
    private let logPrefix: String
    private let state = Mutex<(process: ChildProcess?, starts: Int)>((nil, 0))

    /// - Parameters:
    ///   - executable: the `floodgate` binary.
    ///   - redisURL: the Redis every daemon shares.
    ///   - directory: the work directory (data directory and logs).
    ///   - port: its port, for good.
    ///   - extraArguments: more `serve` flags (the network's, see ``ShopperNetwork``).
    init(index: Int, port: Int, executable: String, redisURL: String, adminToken: String, directory: String, extraArguments: [String] = []) {
        self.index = index
        self.target = TargetAddress(host: "127.0.0.1", port: port)
        let serve = [
            executable, "serve", "--listen", "127.0.0.1:\(target.port)", "--redis", redisURL,
            "--data-dir", "\(directory)/daemon-\(index)", "--log-level", "notice",
        ] + extraArguments
        self.arguments = Self.dyingWithParent(serve)
        var environment = ProcessInfo.processInfo.environment
        environment["FLOODGATE_ADMIN_TOKEN"] = adminToken
        self.environment = environment
        self.logPrefix = "\(directory)/daemon-\(index)"
    }

    /// Starts the daemon and waits until it listens (at most 30 s).
    /// - Throws: ``RehearsalSetupError`` with the end of its log when it does not come up.
    func start() async throws {
        let starts = state.withLock { $0.starts += 1; return $0.starts }
        let log = "\(logPrefix)-\(starts).log"
        let process = try await ChildProcess.spawn(arguments, environment: environment, standardError: log)
        state.withLock { $0.process = process }
        for _ in 0..<600 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains("floodgate listening on") { return }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.signal(SIGKILL)
        let tail = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(5).joined(separator: " | ")
        throw RehearsalSetupError("daemon \(index) did not start (log \(log)): \(tail)")
    }

    /// The daemon's process (its own PID: `setpriv` execs it), nil before its first start.
    var process: ChildProcess? { state.withLock { $0.process } }

    /// Kills the daemon with SIGKILL, as a crash would, and waits until it is gone.
    func kill() async {
        guard let process else { return }
        process.signal(SIGKILL)
        await process.waitUntilExit()
    }

    /// Stops the daemon with SIGTERM (SIGKILL after 10 s) and waits until it is gone.
    func stop() async {
        guard let process else { return }
        process.signal(SIGTERM)
        var waited = 0
        while process.isRunning, waited < 200 {
            try? await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        await kill()
    }

    /// `arguments` run through `setpriv --pdeathsig KILL`, so the daemon dies with the
    /// rehearsal even when the rehearsal is killed (as RedisServerProcess does for Redis).
    private static func dyingWithParent(_ arguments: [String]) -> [String] {
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
        return setpriv.map { [$0, "--pdeathsig", "KILL", "--"] + arguments } ?? arguments
    }
}
