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

    /// The daemon's application; `announcedSale` names a sale whose waiting-room page address is
    /// logged once the server listens (the demo's).
    static func build(
        listen: ListenAddress,
        services: ServerServices,
        registry: PrometheusCollectorRegistry,
        admins: AdminAuthority,
        apiDescription: APIDescription,
        page: PageResources,
        priority: PriorityLimits = PriorityLimits(),
        fastPath: Bool = true,
        announcedSale: String? = nil,
        bound: BoundAddress = BoundAddress(),
        logger: Logger
    ) -> some ApplicationProtocol {
        let shared = RequestHandling(services: services, priority: priority, page: page)
        let fastPathShared = FastPathAnswering(gate: shared.gate, recorder: shared.recorder, date: HTTPDateHeader(),
                                               serverName: serverName, logger: logger)
        let queue = QueueRoutes(services: services, gate: shared.gate)
        let hotRoutes = HotRoutes(queue: queue, shared: fastPathShared)
        let taskRoutes = TaskRoutes(queue: queue, checkout: CheckoutRoutes(services: services), shared: fastPathShared)
        return Application(
            router: router(services: services, registry: registry, admins: admins, apiDescription: apiDescription, page: page, handling: shared),
            server: fastPath ? .http1(configuration: .init(additionalChannelHandlers: [HotRouteHandler(routes: hotRoutes, tasks: taskRoutes)])) : .http1(),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: serverName),
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? listen.host
                bound.set(ListenAddress(host: address?.ipAddress ?? listen.host, port: address?.port ?? listen.port))
                logger.notice("floodgate listening on http://\(host):\(address?.port ?? listen.port)")
                if let announcedSale {
                    logger.notice("the waiting-room page: http://\(host):\(address?.port ?? listen.port)/wait/\(announcedSale)")
                }
            },
            logger: logger
        )
    }

    /// Every route of the API and the middleware around them.
    static func router(
        services: ServerServices,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        admins: AdminAuthority,
        apiDescription: APIDescription,
        page: PageResources,
        handling: RequestHandling? = nil
    ) -> Router<FloodgateRequestContext> {
        let handling = handling ?? RequestHandling(services: services, priority: PriorityLimits(), page: page)
        let queue = QueueRoutes(services: services, gate: handling.gate)
        let router = Router(context: FloodgateRequestContext.self)
        router.middlewares.add(RequestMetricsMiddleware(recorder: handling.recorder))
        router.middlewares.add(APIErrorMiddleware())
        router.middlewares.add(RequestPriorityMiddleware(gate: handling.gate))
        HealthRoutes(
            readiness: ReadinessProbe(redis: services.engine.redis, scripts: services.engine.scripts.all),
            metrics: MetricsEndpoint(registry: registry)
        ).add(to: router)
        queue.add(to: router)
        WaitPageRoutes(services: services, queue: queue, page: WaitPage(resources: page)).add(to: router)
        CheckoutRoutes(services: services).add(to: router)
        AdminRoutes(services: services, telemetry: TelemetryBuilder(services: services)).add(to: router, admins: admins)
        BotAdminRoutes(services: services).add(to: router, admins: admins)
        GuardRoutes(services: services).add(to: router, admins: admins)
        DaemonAdminRoutes(engine: services.engine).add(to: router, admins: admins)
        apiDescription.add(to: router)
        return router
    }
}

/// What the router and the pipeline's fast path share for every request: one record per
/// request and one priority gate (which sheds page loads into the "high demand" page).
struct RequestHandling: Sendable {
    let recorder: RequestRecorder
    let gate: RequestPriorityGate

    init(services: ServerServices, priority: PriorityLimits, page: PageResources) {
        self.recorder = RequestRecorder(stats: services.traffic)
        let highDemand = HighDemandPages(page: WaitPage(resources: page), retryAfterSeconds: priority.pageRetryAfterSeconds)
        self.gate = RequestPriorityGate(limits: priority, highDemand: highDemand, traffic: services.traffic)
    }
}
