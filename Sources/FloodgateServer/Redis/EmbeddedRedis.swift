import FloodgateRedis
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The daemon's private redis-server: a child process on a unix socket in the data directory,
/// with the append-only file on. It is killed with the daemon, even when the daemon is killed.
///
/// As a `Service` it supervises the child, starting it again (from its AOF) should it die,
/// until graceful shutdown; then it stops it with SIGTERM so the AOF is complete. List it first
/// in the `ServiceGroup` so that it stops last.
public final class EmbeddedRedis: Service, Sendable {
    private let current: NIOLockedValueBox<RedisServerProcess>
    private let stopping = NIOLockedValueBox(false)
    private let logger: Logger

    private init(server: RedisServerProcess, logger: Logger) {
        self.current = NIOLockedValueBox(server)
        self.logger = logger
    }

    /// The running child.
    public var server: RedisServerProcess { current.withLockedValue { $0 } }

    /// Where clients reach it.
    public var endpoint: RedisEndpoint { server.endpoint }

    /// Starts redis-server in `dataDirectory` and waits until it answers PING.
    /// - Throws: ``RedisServerError`` when redis-server is missing or does not start.
    public static func start(
        dataDirectory: String,
        appendFsync: RedisServerOptions.AppendFsync,
        logger: Logger
    ) async throws -> EmbeddedRedis {
        var options = RedisServerOptions(directory: dataDirectory, listener: .unixSocket(path: dataDirectory + "/redis.sock"))
        options.appendFsync = appendFsync
        let server = try await RedisServerProcess.start(options, logger: logger)
        logger.info("embedded redis-server started", metadata: [
            "pid": "\(server.pid)", "socket": "\(dataDirectory)/redis.sock", "appendfsync": "\(appendFsync.rawValue)",
        ])
        return EmbeddedRedis(server: server, logger: logger)
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await supervise()
        } onGracefulShutdown: {
            self.stopping.withLockedValue { $0 = true }
            let server = self.server
            Task { await server.stop() }
        }
    }

    /// Waits for the child to exit; unless the daemon is stopping, starts it again.
    private func supervise() async {
        while true {
            let server = self.server
            await server.waitUntilExit()
            if stopping.withLockedValue({ $0 }) || Task.isCancelled { return }
            logger.error("embedded redis-server exited; starting it again", metadata: ["pid": "\(server.pid)", "log": "\(server.logTail(lines: 2))"])
            do {
                let restarted = try await RedisServerProcess.start(server.options, logger: logger)
                current.withLockedValue { $0 = restarted }
                // Shutdown began while it started: the handler may have stopped the old child.
                if stopping.withLockedValue({ $0 }) { return await restarted.stop() }
            } catch {
                logger.error("embedded redis-server did not restart", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
