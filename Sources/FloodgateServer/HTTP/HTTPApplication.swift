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
        priority: PriorityLimits = PriorityLimits(),
        logger: Logger
    ) -> some ApplicationProtocol {
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
        return Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "floodgate"),
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? listen.host
                logger.notice("floodgate listening on http://\(host):\(address?.port ?? listen.port)")
            },
            logger: logger
        )
    }
}
