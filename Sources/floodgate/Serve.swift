import ArgumentParser
import FloodgateRedis
import FloodgateServer
import Foundation
import Logging

/// `floodgate serve`: run the daemon.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Floodgate daemon: public API, admin API, telemetry and metrics.",
        discussion: """
            Without --redis the daemon starts a private redis-server (unix socket, AOF on) in the \
            data directory and stops it on exit.
            """
    )

    @Option(help: "The HTTP listener, HOST:PORT (port 0 picks a free port).")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "Use this Redis instead of an embedded one: redis://[:password@]host:port/db or unix:///path.")
    var redis: String?

    @Option(help: "Where the embedded Redis and generated secrets live.")
    var dataDir: String = "./.floodgate"

    @Option(help: "The embedded Redis' AOF sync policy: everysec or always.")
    var appendfsync: String = "everysec"

    @Option(help: "The admin API's bearer token (also FLOODGATE_ADMIN_TOKEN); generated and saved in the data directory when absent.")
    var adminToken: String?

    @Option(name: .customLong("sale"), help: "A sale definition file (JSON) to create at startup unless it exists; repeatable.")
    var saleFiles: [String] = []

    @Flag(help: "Create a sale named demo and simulate shoppers on it, so a first run has something to watch.")
    var demo = false

    @Option(help: "The secret that signs queue tokens (also FLOODGATE_SECRET); shared through Redis when absent.")
    var secret: String?

    @Flag(help: "Take the caller's address from X-Forwarded-For (only behind a load balancer you trust).")
    var trustForwardedFor = false

    @Option(help: "Registrations a second allowed per source address; 0 turns the limit off.")
    var registrationsPerSource: Double = 50

    @Option(help: "Pipelined connections to Redis (one batches best on a small machine).")
    var redisConnections = 1

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(help: "Shoppers' requests in progress at once; past half of it registrations wait, past three quarters status polls (checkout last), and too long a wait is shed with 503 and Retry-After.")
    var requestCapacity = 256

    mutating func run() async throws {
        let configuration = try makeConfiguration()
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "floodgate")
        do {
            try await FloodgateDaemon.run(configuration, logger: logger)
        } catch let error as DaemonError {
            throw CommandLineFailure(message: error.description)
        }
    }

    private func makeConfiguration() throws -> ServeConfiguration {
        var configuration = ServeConfiguration()
        guard let address = ListenAddress(listen) else {
            throw CommandLineFailure(message: "--listen must be HOST:PORT, got '\(listen)'")
        }
        configuration.listen = address
        if let redis {
            do { _ = try RedisEndpoint(url: redis) } catch { throw CommandLineFailure(message: "--redis: \(error)") }
        }
        configuration.redisURL = redis
        configuration.dataDirectory = dataDir
        guard let fsync = RedisServerOptions.AppendFsync(rawValue: appendfsync) else {
            throw CommandLineFailure(message: "--appendfsync must be everysec or always, got '\(appendfsync)'")
        }
        configuration.appendFsync = fsync
        configuration.adminToken = adminToken ?? ProcessInfo.processInfo.environment["FLOODGATE_ADMIN_TOKEN"]
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw CommandLineFailure(message: "--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        configuration.logLevel = level
        guard (1...64).contains(redisConnections) else {
            throw CommandLineFailure(message: "--redis-connections must be from 1 to 64")
        }
        configuration.redisConnections = redisConnections
        configuration.saleFiles = saleFiles
        configuration.demo = demo
        configuration.secret = secret ?? ProcessInfo.processInfo.environment["FLOODGATE_SECRET"]
        configuration.trustForwardedFor = trustForwardedFor
        guard registrationsPerSource >= 0 else {
            throw CommandLineFailure(message: "--registrations-per-source must be 0 or more")
        }
        configuration.registrationsPerSource = registrationsPerSource
        configuration.registrationBurst = max(1, registrationsPerSource * 2)
        guard (1...100_000).contains(requestCapacity) else {
            throw CommandLineFailure(message: "--request-capacity must be from 1 to 100000")
        }
        configuration.requestCapacity = requestCapacity
        return configuration
    }
}
