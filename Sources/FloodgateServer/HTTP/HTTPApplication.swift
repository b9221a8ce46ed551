import FloodgateRedis
import Hummingbird
import Logging
import Prometheus

/// Builds the daemon's HTTP application: the routes and the middleware around them.
enum HTTPApplication {
    static func build(
        listen: ListenAddress,
        redis: RedisClient,
        registry: PrometheusCollectorRegistry,
        adminToken: String,
        logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.middlewares.add(MetricsMiddleware())
        HealthRoutes(
            readiness: ReadinessProbe(redis: redis, scripts: []),
            metrics: MetricsEndpoint(registry: registry)
        ).add(to: router)
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
