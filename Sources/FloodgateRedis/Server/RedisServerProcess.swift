import FloodgateSystem
import Foundation
import Logging
import NIOConcurrencyHelpers

/// A `redis-server` child process: the daemon's embedded Redis, and the servers tests and
/// benchmarks start.
///
/// With ``RedisServerOptions/dieWithParent`` the child is started through `setpriv --pdeathsig KILL`,
/// so it goes when its parent dies, even by SIGKILL (see ``ChildProcess``). It runs in a process
/// group of its own: a Ctrl-C in the parent's terminal stops the parent, which stops the server
/// after its last write, rather than killing both at once.
public final class RedisServerProcess: Sendable {
    /// The options it was started with.
    public let options: RedisServerOptions
    private let process: ChildProcess

    private init(options: RedisServerOptions, process: ChildProcess) {
        self.options = options
        self.process = process
    }

    /// The child's process id.
    public var pid: Int32 { process.pid }

    /// The endpoint clients use to reach the server.
    public var endpoint: RedisEndpoint { options.endpoint }

    /// The TCP port it listens on, or 0 for a unix socket.
    public var port: Int {
        if case .tcp(let port) = options.listener { return port }
        return 0
    }

    /// Whether the child is still running.
    public var isRunning: Bool { process.isRunning }

    /// Starts a server and waits until it answers PING.
    /// - Throws: ``RedisServerError`` when `redis-server` is missing, the directory cannot be
    ///   written, or the server exits or stays silent (with the end of its log).
    public static func start(_ options: RedisServerOptions, logger: Logger = Logger(label: "floodgate.redis-server")) async throws -> RedisServerProcess {
        guard let executable = Self.locate(options.executable) else {
            throw RedisServerError.notInstalled(options.executable)
        }
        let configFile = try writeConfig(options)
        var arguments = [executable, configFile]
        if options.dieWithParent, let setpriv = locate("setpriv") {
            arguments = [setpriv, "--pdeathsig", "KILL", "--"] + arguments
        }
        let process: ChildProcess
        do {
            process = try await ChildProcess.spawn(arguments, ownProcessGroup: true)
        } catch {
            throw RedisServerError.cannotStart("\(error)")
        }
        let server = RedisServerProcess(options: options, process: process)
        logger.debug("redis-server started", metadata: ["pid": "\(server.pid)", "endpoint": "\(options.endpoint.displayName)"])
        try await server.waitUntilReady()
        return server
    }

    /// Asks the server to stop (SIGTERM: it finishes writing its AOF) and waits until it has.
    public func stop() async {
        process.signal(SIGTERM)
        await process.waitUntilExit()
    }

    /// Kills the server at once (SIGKILL), as a crash would, and waits until it is gone.
    public func kill() async {
        process.signal(SIGKILL)
        await process.waitUntilExit()
    }

    /// Waits until the child has exited, for whatever reason.
    public func waitUntilExit() async {
        await process.waitUntilExit()
    }

    /// Starts a new server with the same options, for restart drills.
    public func restarted() async throws -> RedisServerProcess {
        await stop()
        return try await Self.start(options)
    }

    private func waitUntilReady() async throws {
        let client = RedisClient(configuration: RedisClientConfiguration(endpoint: options.endpoint))
        defer { client.shutdown() }
        let deadline = ContinuousClock.now + options.startupTimeout
        while ContinuousClock.now < deadline {
            if let status = process.exitCode {
                throw RedisServerError.exited(status: status, log: logTail())
            }
            if (try? await client.connect()) != nil, await client.ping() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        await kill()
        throw RedisServerError.exited(status: -1, log: "no answer to PING within \(options.startupTimeout)\n" + logTail())
    }

    /// The last lines of the server's log, for error messages.
    public func logTail(lines: Int = 5) -> String {
        guard let text = try? String(contentsOfFile: options.logFile, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    private static func writeConfig(_ options: RedisServerOptions) throws -> String {
        let file = options.directory + "/redis.conf"
        do {
            try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
            try (options.configLines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw RedisServerError.directoryNotWritable(options.directory)
        }
        return file
    }

    private static func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Why a `redis-server` child could not be started.
public enum RedisServerError: Error, Sendable, CustomStringConvertible {
    case notInstalled(String)
    case directoryNotWritable(String)
    case cannotStart(String)
    case exited(status: Int32, log: String)

    public var description: String {
        switch self {
        case .notInstalled(let name):
            "\(name) is not installed: install it with 'apt-get install -y redis-server', or pass --redis URL"
        case .directoryNotWritable(let directory):
            "the data directory \(directory) cannot be written"
        case .cannotStart(let why):
            "redis-server could not be started: \(why)"
        case .exited(let status, let log):
            "redis-server stopped during startup (status \(status)): " + log.replacingOccurrences(of: "\n", with: " | ")
        }
    }
}
