import Hummingbird

/// `GET /health` (liveness), `GET /ready` (readiness) and `GET /metrics`.
struct HealthRoutes: Sendable {
    let readiness: ReadinessProbe
    let metrics: MetricsEndpoint

    func add(to router: Router<some RequestContext>) {
        router.get("health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("ready") { request, context -> Response in
            switch await readiness.check() {
            case .ready:
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ready"}"#)))
            case .notReady(let reason):
                return try JSONError(status: .serviceUnavailable, code: "not_ready", message: reason)
                    .response(from: request, context: context)
            }
        }
        router.get("metrics") { _, _ in metrics.respond() }
    }
}
