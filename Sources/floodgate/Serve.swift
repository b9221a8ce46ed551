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

    @Option(help: "Use this Redis instead of an embedded one: redis://[:password@]host:port/db, unix:///path, or a cluster: redis+cluster://[:password@]host:port[,host:port...].")
    var redis: String?

    @Option(help: "Where the embedded Redis and generated secrets live.")
    var dataDir: String = "./.floodgate"

    @Option(help: "The embedded Redis' AOF sync policy: everysec or always.")
    var appendfsync: String = "everysec"

    @Option(help: "The admin API's bearer token (also FLOODGATE_ADMIN_TOKEN); generated and saved in the data directory when absent.")
    var adminToken: String?

    @Option(name: .customLong("admin-tokens"), help: ArgumentHelp(
        "A file of named operator tokens: 'name role sha256-hex' a line, role observer, operator or admin; reloaded on SIGHUP.",
        discussion: "The single admin token keeps every right beside them. The file holds SHA-256 hashes only (printf %s TOKEN | sha256sum).",
        valueName: "file"))
    var adminTokensFile: String?

    @Option(name: .customLong("sale"), help: "A sale definition file (JSON) to create at startup unless it exists; repeatable.")
    var saleFiles: [String] = []

    @Flag(help: "Create a sale named demo and simulate shoppers on it, so a first run has something to watch.")
    var demo = false

    @Flag(help: "With --demo: create the demo sale but simulate no shoppers on it.")
    var noDemoCrowd = false

    @Option(help: "The secret that signs queue tokens (also FLOODGATE_SECRET); shared through Redis when absent.")
    var secret: String?

    @Flag(help: "Take the caller's address from the forwarding header (only behind a load balancer you trust): the rightmost hop that is not a trusted proxy.")
    var trustForwardedFor = false

    @Option(help: "The load balancers whose forwarding hops are believed: addresses and CIDR blocks, comma-separated (IPv4 and IPv6); repeatable. Default 127.0.0.0/8,::1.")
    var trustedProxies: [String] = []

    @Option(help: "The forwarding header the load balancer writes: x-forwarded-for or forwarded (RFC 7239); the other is ignored.")
    var forwardedHeader: String = "x-forwarded-for"

    @Option(help: "Registrations a second allowed per source address; 0 turns the limit off.")
    var registrationsPerSource: Double = 50

    @Option(help: "Registrations a source may make at once before the rate applies (default: twice the rate).")
    var registrationBurst: Double?

    @Option(help: "Checkout calls (reserve, commit, cancel) a second allowed per queue token; 0 turns the limit off.")
    var checkoutPerToken: Double = 2

    @Option(help: "Checkout calls a token may make at once before the rate applies (default: 10 times the rate).")
    var checkoutBurst: Double?

    @Option(help: "Seconds a closed sale stays in Redis before it is archived to DATA-DIR/archive/SALE/ automatically.")
    var archiveAfter = 86_400

    @Option(help: "Seconds an archived sale's keys live on in Redis (0 removes them at once).")
    var archiveGrace = 600

    @Option(help: "Pipelined connections to Redis (one batches best on a small machine).")
    var redisConnections = 1

    @Option(help: "Replicas that must confirm the writes of reserve, commit, cancel, expiry, refund, rollback and the simulated gateway's records (Redis WAIT) before the daemon answers; 0 (the default) answers once the primary has them. Too few in time: 503, the write stands on the primary.")
    var redisWaitReplicas = 0

    @Option(help: "Milliseconds WAIT gives the replicas (with --redis-wait-replicas).")
    var redisWaitTimeoutMs = 100

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(help: "Seconds a payment gateway call may take (0.1 to 120); after it the outcome is unknown, the shopper gets 202 payment_pending and the attempt is reconciled from the gateway's record. The reservation is held for this plus 5 seconds.")
    var paymentTimeout: Double = 10
    @Option(help: "Milliseconds a commit waits for the payment's outcome (10 to 120000); a slower payment goes on in the background and the shopper gets 202 payment_pending with Retry-After, then the outcome under the same Idempotency-Key. Keeps checkout within its 300 ms budget whatever the gateway does.")
    var paymentAnswerMs = 250
    @Option(help: "Shoppers' requests in progress at once; past half of it registrations and page loads wait, past three quarters status polls (checkout last); too long a wait is shed with 503 and Retry-After (a browser gets the waiting room's high-demand page), and status answers ask pollers to come back later.")
    var requestCapacity = 256

    @Flag(help: "Answer GET /health and GET /queue/status through the router like every other route, not in the connection's pipeline (the answers are the same; for comparison and as an escape hatch).")
    var noFastPath = false

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
            do { _ = try RedisClientConfiguration(url: redis) } catch { throw CommandLineFailure(message: "--redis: \(error)") }
        }
        configuration.redisURL = redis
        configuration.dataDirectory = dataDir
        guard let fsync = RedisServerOptions.AppendFsync(rawValue: appendfsync) else {
            throw CommandLineFailure(message: "--appendfsync must be everysec or always, got '\(appendfsync)'")
        }
        configuration.appendFsync = fsync
        configuration.adminToken = adminToken ?? ProcessInfo.processInfo.environment["FLOODGATE_ADMIN_TOKEN"]
        configuration.adminTokensFile = adminTokensFile
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw CommandLineFailure(message: "--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        configuration.logLevel = level
        guard (1...64).contains(redisConnections) else {
            throw CommandLineFailure(message: "--redis-connections must be from 1 to 64")
        }
        configuration.redisConnections = redisConnections
        guard (0...16).contains(redisWaitReplicas), (1...60_000).contains(redisWaitTimeoutMs) else {
            throw CommandLineFailure(message: "--redis-wait-replicas must be from 0 to 16 and --redis-wait-timeout-ms from 1 to 60000")
        }
        if redisWaitReplicas > 0 {
            configuration.redisReplicaWait = ReplicaWait(replicas: redisWaitReplicas, timeout: .milliseconds(redisWaitTimeoutMs))
        }
        configuration.saleFiles = saleFiles
        configuration.demo = demo
        configuration.demoCrowd = !noDemoCrowd
        configuration.secret = secret ?? ProcessInfo.processInfo.environment["FLOODGATE_SECRET"]
        configuration.trustForwardedFor = trustForwardedFor
        try configureProxies(&configuration)
        guard registrationsPerSource >= 0 else {
            throw CommandLineFailure(message: "--registrations-per-source must be 0 or more")
        }
        configuration.registrationsPerSource = registrationsPerSource
        guard registrationBurst.map({ $0 >= 1 && $0.isFinite }) ?? true else {
            throw CommandLineFailure(message: "--registration-burst must be 1 or more")
        }
        configuration.registrationBurst = registrationBurst ?? max(1, registrationsPerSource * 2)
        guard checkoutPerToken >= 0, checkoutPerToken.isFinite else {
            throw CommandLineFailure(message: "--checkout-per-token must be 0 or more")
        }
        configuration.checkoutPerToken = checkoutPerToken
        guard checkoutBurst.map({ $0 >= 1 && $0.isFinite }) ?? true else {
            throw CommandLineFailure(message: "--checkout-burst must be 1 or more")
        }
        configuration.checkoutBurst = checkoutBurst ?? max(1, checkoutPerToken * 10)
        guard (0...315_360_000).contains(archiveAfter), (0...2_592_000).contains(archiveGrace) else {
            throw CommandLineFailure(message: "--archive-after must be 0 to 315360000 (ten years), --archive-grace 0 to 2592000 (30 days)")
        }
        configuration.archiveAfterSeconds = archiveAfter
        configuration.archiveGraceSeconds = archiveGrace
        guard (0.1...120).contains(paymentTimeout) else {
            throw CommandLineFailure(message: "--payment-timeout must be from 0.1 to 120 seconds")
        }
        configuration.paymentTimeout = .milliseconds(Int(paymentTimeout * 1_000))
        guard (10...120_000).contains(paymentAnswerMs) else {
            throw CommandLineFailure(message: "--payment-answer-ms must be from 10 to 120000")
        }
        configuration.paymentAnswerWithin = .milliseconds(paymentAnswerMs)
        guard (1...100_000).contains(requestCapacity) else {
            throw CommandLineFailure(message: "--request-capacity must be from 1 to 100000")
        }
        configuration.requestCapacity = requestCapacity
        configuration.fastPath = !noFastPath
        return configuration
    }

    private func configureProxies(_ configuration: inout ServeConfiguration) throws {
        let proxies = trustedProxies.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if !trustedProxies.isEmpty {
            guard !proxies.isEmpty, proxies.allSatisfy(TrustedProxies.isValid) else {
                throw CommandLineFailure(message: "--trusted-proxies must be addresses or CIDR blocks, got '\(trustedProxies.joined(separator: ","))'")
            }
            configuration.trustedProxies = proxies
        }
        guard ["x-forwarded-for", "forwarded"].contains(forwardedHeader.lowercased()) else {
            throw CommandLineFailure(message: "--forwarded-header must be x-forwarded-for or forwarded, got '\(forwardedHeader)'")
        }
        configuration.forwardingHeader = forwardedHeader.lowercased()
    }
}
