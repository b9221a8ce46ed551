import FloodgateEngine
import FloodgateRedis
import Hummingbird
import Logging
import Prometheus

/// Builds the daemon's HTTP application: the routes, the middleware around them and the
/// pipeline's fast path for the hottest routes.
enum HTTPApplication {
    /// The `Server` header of every answer.
    static let serverName = "floodgate"

    static func build(
        listen: ListenAddress,
        services: ServerServices,
        registry: PrometheusCollectorRegistry,
        adminToken: String,
        apiDescription: APIDescription,
        priority: PriorityLimits = PriorityLimits(),
        fastPath: Bool = true,
        bound: BoundAddress = BoundAddress(),
        logger: Logger
    ) -> some ApplicationProtocol {
        let shared = RequestHandling(services: services, priority: priority)
        let fastPathShared = FastPathAnswering(gate: shared.gate, recorder: shared.recorder, date: HTTPDateHeader(),
                                               serverName: serverName, logger: logger)
        let hotRoutes = HotRoutes(queue: QueueRoutes(services: services), shared: fastPathShared)
        let taskRoutes = TaskRoutes(queue: QueueRoutes(services: services), checkout: CheckoutRoutes(services: services), shared: fastPathShared)
        return Application(
            router: router(services: services, registry: registry, adminToken: adminToken, apiDescription: apiDescription, handling: shared),
            server: fastPath ? .http1(configuration: .init(additionalChannelHandlers: [HotRouteHandler(routes: hotRoutes, tasks: taskRoutes)])) : .http1(),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: serverName),
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? listen.host
                bound.set(ListenAddress(host: address?.ipAddress ?? listen.host, port: address?.port ?? listen.port))
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
        handling: RequestHandling? = nil
    ) -> Router<FloodgateRequestContext> {
        let handling = handling ?? RequestHandling(services: services, priority: PriorityLimits())
        let router = Router(context: FloodgateRequestContext.self)
        router.middlewares.add(RequestMetricsMiddleware(recorder: handling.recorder))
        router.middlewares.add(APIErrorMiddleware())
        router.middlewares.add(RequestPriorityMiddleware(gate: handling.gate))
        HealthRoutes(
            readiness: ReadinessProbe(redis: services.engine.redis, scripts: services.engine.scripts.all),
            metrics: MetricsEndpoint(registry: registry)
        ).add(to: router)
        QueueRoutes(services: services).add(to: router)
        CheckoutRoutes(services: services).add(to: router)
        AdminRoutes(services: services, telemetry: TelemetryBuilder(services: services)).add(to: router, adminToken: adminToken)
        BotAdminRoutes(services: services).add(to: router, adminToken: adminToken)
        DaemonAdminRoutes(engine: services.engine).add(to: router, adminToken: adminToken)
        apiDescription.add(to: router)
        return router
    }
}

/// What the router and the pipeline's fast path share for every request: one record per
/// request and one priority gate.
struct RequestHandling: Sendable {
    let recorder: RequestRecorder
    let gate: RequestPriorityGate

    init(services: ServerServices, priority: PriorityLimits) {
        self.recorder = RequestRecorder(stats: services.traffic)
        self.gate = RequestPriorityGate(limits: priority)
    }
}
