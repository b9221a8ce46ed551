import FloodgateCore
import Hummingbird

/// `GET /health` (liveness), `GET /ready` (readiness) and `GET /metrics`.
struct HealthRoutes: Sendable {
    let readiness: ReadinessProbe
    let metrics: MetricsEndpoint

    func add(to router: Router<some RequestContext>) {
        router.get("health") { _, _ in
            JSONResponse.raw(Array(#"{"status":"ok"}"#.utf8))
        }
        router.get("ready") { _, _ -> Response in
            switch await readiness.check() {
            case .ready:
                return JSONResponse.raw(Array(#"{"status":"ready"}"#.utf8))
            case .notReady(let reason):
                throw APIError(status: 503, code: "not_ready", message: reason)
            }
        }
        router.get("metrics") { _, _ in metrics.respond() }
    }
}
