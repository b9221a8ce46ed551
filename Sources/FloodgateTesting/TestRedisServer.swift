import FloodgateRedis
import Foundation

/// A real `redis-server` for one test: its own port and directory, no persistence unless asked.
public enum TestRedisServer {
    /// Starts a server on a free loopback port, with `DEBUG` allowed (for slow-reply tests).
    /// - Parameters:
    ///   - password: a password for `requirepass`.
    ///   - appendOnly: whether the AOF is on (for durability tests).
    public static func start(password: String? = nil, appendOnly: Bool = false) async throws -> RedisServerProcess {
        var attempt = 0
        while true {
            var options = RedisServerOptions(directory: makeScratchDirectory("redis"), listener: .tcp(port: FreePort.next()))
            options.password = password
            options.appendFsync = appendOnly ? .always : nil
            options.extraConfig = ["enable-debug-command local"]
            do {
                return try await RedisServerProcess.start(options)
            } catch let error as RedisServerError where "\(error)".contains("Address already in use") && attempt < 5 {
                attempt += 1  // another process took the port between the check and the bind
            }
        }
    }

    /// Runs `body` with a fresh server and stops the server afterwards, also when `body` throws.
    public static func with<T: Sendable>(
        password: String? = nil,
        appendOnly: Bool = false,
        _ body: (RedisServerProcess) async throws -> T
    ) async throws -> T {
        let server = try await start(password: password, appendOnly: appendOnly)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Runs `body` with a fresh server and a client connected to it (its reconnect loop
    /// running), then shuts both down, also when `body` throws.
    public static func withClient<T: Sendable>(
        configure: (inout RedisClientConfiguration) -> Void = { _ in },
        _ body: (RedisClient, RedisServerProcess) async throws -> T
    ) async throws -> T {
        try await with { server in
            var configuration = RedisClientConfiguration(endpoint: server.endpoint)
            configure(&configuration)
            let client = RedisClient(configuration: configuration)
            try await client.connect()
            let runner = Task { try await client.run() }
            defer {
                client.shutdown()
                runner.cancel()
            }
            return try await body(client, server)
        }
    }
}
