import FloodgateCore
import Hummingbird

/// `GET /health` (liveness), `GET /ready` (readiness) and `GET /metrics`.
struct HealthRoutes: Sendable {
    let readiness: ReadinessProbe
    let metrics: MetricsEndpoint

    /// The liveness route's path (also answered by ``HotRoutes``).
    static let livenessPath = "/health"
    /// The liveness answer: the process is up and serving HTTP.
    static let liveness = JSONReply(#"{"status":"ok"}"#.utf8)

    func add(to router: Router<some RequestContext>) {
        router.get(RouterPath(Self.livenessPath)) { _, _ in Self.liveness.response }
        router.get("ready") { _, _ -> Response in
            switch await readiness.check() {
            case .ready(let cluster):
                return try JSONResponse.encode(ReadyReport(cluster: cluster))
            case .notReady(let reason):
                throw APIError(status: 503, code: "not_ready", message: reason)
            }
        }
        router.get("metrics") { _, _ in metrics.respond() }
    }
}
