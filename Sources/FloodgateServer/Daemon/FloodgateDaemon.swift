import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `floodgate serve`: prepares the data directory, starts or reaches Redis, and runs the HTTP
/// server and every background part as services until SIGTERM or SIGINT.
public enum FloodgateDaemon {
    /// The version a daemon reports in the registry.
    public static let version = "0.2.0"

    /// Runs the daemon until it is asked to stop.
    /// - Throws: ``DaemonError`` (one line each) when it cannot start.
    public static func run(_ configuration: ServeConfiguration, logger: Logger) async throws {
        let dataDirectory = try DataDirectory.prepare(configuration.dataDirectory)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        var services: [any Service] = []
        var redisConfiguration: RedisClientConfiguration
        if let url = configuration.redisURL {
            do { redisConfiguration = try RedisClientConfiguration(url: url) } catch { throw DaemonError(error.description) }
        } else {
            let embedded: EmbeddedRedis
            do {
                embedded = try await EmbeddedRedis.start(dataDirectory: dataDirectory.path, appendFsync: configuration.appendFsync, logger: logger)
            } catch {
                throw DaemonError("\(error)")
            }
            services.append(embedded)
            redisConfiguration = RedisClientConfiguration(endpoint: embedded.endpoint)
        }
        redisConfiguration.connectionCount = configuration.redisConnections
        redisConfiguration.replicaWait = configuration.redisReplicaWait
        let redis = try await connect(redisConfiguration, logger: logger)
        services.append(redis)

        let payments = PaymentPolicy(gatewayTimeout: configuration.paymentTimeout, answerWithin: configuration.paymentAnswerWithin)
        let engine = SaleEngine(redis: redis, scripts: try ScriptLibrary.load(), payments: payments, logger: logger)
        services.append(PaymentDrain(engine: engine))
        try await engine.loadScripts()
        try await engine.migrateLegacyKeys()
        let secret = try await SharedSecret.load(configured: configuration.secret, redis: redis)
        try await SaleFiles.create(configuration.saleFiles, engine: engine, logger: logger)
        let shared = ServerServices(
            engine: engine,
            directory: SaleDirectory(),
            tokens: TokenSigner(secret: secret, cache: VerifiedTokenCache()),
            challenges: ChallengeSigner(secret: secret),
            traffic: TrafficStats(),
            registrationLimiter: SourceRateLimiter(perSecond: configuration.registrationsPerSource, burst: configuration.registrationBurst),
            checkoutLimiter: SourceRateLimiter(perSecond: configuration.checkoutPerToken, burst: configuration.checkoutBurst),
            archiver: SaleArchiver(engine: engine, root: dataDirectory.path + "/archive", graceSeconds: configuration.archiveGraceSeconds),
            clientAddresses: try ClientAddressPolicy(configuration),
            bots: BotDefense(engine: engine)
        )
        let adminToken = try dataDirectory.adminToken(configured: configuration.adminToken, logger: logger)
        let admins: AdminAuthority
        do {
            admins = try AdminAuthority(token: adminToken, tokensFile: configuration.adminTokensFile)
        } catch {
            throw DaemonError(String(describing: error))
        }
        if configuration.adminTokensFile != nil { services.append(AdminTokensReloader(authority: admins, logger: logger)) }
        services.append(AdmissionTicker(services: shared, logger: logger))
        services.append(BotWarden(services: shared, logger: logger))
        services.append(ExpirySweeper(engine: engine, directory: shared.directory, logger: logger))
        services.append(PaymentReconciler(engine: engine, directory: shared.directory, logger: logger))
        services.append(GuardService(services: shared, logger: logger))
        services.append(ArchiveRetention(engine: engine, directory: shared.directory, archiver: shared.archiver,
                                         retentionSeconds: configuration.archiveAfterSeconds, logger: logger))
        let bound = BoundAddress()
        services.append(DaemonHeartbeatService(engine: engine, traffic: shared.traffic, bound: bound, logger: logger))
        if configuration.demo {
            services.append(DemoTraffic(engine: engine, bound: bound, crowd: configuration.demoCrowd, logger: logger))
        }
        services.append(HTTPApplication.build(
            listen: configuration.listen,
            services: shared,
            registry: registry,
            admins: admins,
            apiDescription: try await APIDescription.load(),
            page: try await PageResources.load(),
            priority: PriorityLimits(capacity: configuration.requestCapacity),
            fastPath: configuration.fastPath,
            announcedSale: configuration.demo ? DemoTraffic.saleID : nil,
            bound: bound,
            logger: logger
        ))

        let group = ServiceGroup(
            configuration: .init(
                services: services.map {
                    .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
                },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }

    private static func connect(_ redisConfiguration: RedisClientConfiguration, logger: Logger) async throws -> RedisClient {
        let redis = RedisClient(configuration: redisConfiguration, logger: logger, metricsFactory: MetricsSystem.factory)
        do {
            try await redis.connect()
        } catch {
            throw DaemonError("cannot reach Redis at \(redisConfiguration.displayName): \(error)")
        }
        return redis
    }
}

/// Why the daemon could not start, in one line for the operator.
public struct DaemonError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
