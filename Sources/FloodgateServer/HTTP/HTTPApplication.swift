import FloodgateEngine
import FloodgateRedis
import Hummingbird
import Logging
import Prometheus

/// Builds the daemon's HTTP application: the routes and the middleware around them.
enum HTTPApplication {
    static func build(
        listen: ListenAddress,
        services: ServerServices,
        registry: PrometheusCollectorRegistry,
        adminToken: String,
        apiDescription: APIDescription,
        priority: PriorityLimits = PriorityLimits(),
        logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router(services: services, registry: registry, adminToken: adminToken, apiDescription: apiDescription, priority: priority),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "floodgate"),
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? listen.host
                logger.notice("floodgate listening on http://\(host):\(address?.port ?? listen.port)")
            },
            logger: logger
        )
    }

    /// Every route of the API and the middleware around them.
    static func router(
        services: ServerServices,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        adminToken: String,
        apiDescription: APIDescription,
        priority: PriorityLimits = PriorityLimits()
    ) -> Router<FloodgateRequestContext> {
        let router = Router(context: FloodgateRequestContext.self)
        router.middlewares.add(RequestMetricsMiddleware(stats: services.traffic))
        router.middlewares.add(APIErrorMiddleware())
        router.middlewares.add(RequestPriorityMiddleware(gate: RequestPriorityGate(limits: priority)))
        HealthRoutes(
            readiness: ReadinessProbe(redis: services.engine.redis, scripts: services.engine.scripts.all),
            metrics: MetricsEndpoint(registry: registry)
        ).add(to: router)
        QueueRoutes(services: services).add(to: router)
        CheckoutRoutes(services: services).add(to: router)
        AdminRoutes(services: services, telemetry: TelemetryBuilder(services: services)).add(to: router, adminToken: adminToken)
        BotAdminRoutes(services: services).add(to: router, adminToken: adminToken)
        apiDescription.add(to: router)
        return router
    }
}
