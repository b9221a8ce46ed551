import Hummingbird
import Metrics
import NIOConcurrencyHelpers

/// Records every request the router answers once, through the daemon's ``RequestRecorder``.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let recorder: RequestRecorder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        recorder.record(path: context.endpointPath, method: request.method, status: response.status, headers: response.headers, since: start)
        return response
    }
}

/// Records every request once, whichever path answered it (the router or the pipeline's fast
/// path): its route, method, status and latency, both for telemetry (``TrafficStats``) and for
/// Prometheus (`hb_requests` and `http_server_request_duration` by route, method and status,
/// the names Hummingbird's `MetricsMiddleware` uses).
///
/// One clock read on the way in, one on the way out, and one cache lookup for the route's
/// instruments.
final class RequestRecorder: Sendable {
    let stats: TrafficStats
    private let instruments = RouteInstruments()

    init(stats: TrafficStats) {
        self.stats = stats
    }

    /// Records one answered request; `path` is the matched route (nil when none matched). An
    /// answer that tells the client when to come back (`Retry-After`: a 503 the daemon chose, for
    /// a paused sale or a request shed under load) is not counted as a server error.
    func record(path: String?, method: HTTPRequest.Method, status: HTTPResponse.Status, headers: HTTPFields, since start: ContinuousClock.Instant) {
        // Only a 5xx's headers are looked at: the lookup scans them, on every request otherwise.
        let deliberate = status.code >= 500 && headers[.retryAfter] != nil
        let elapsed = (ContinuousClock.now - start).components
        let nanoseconds = max(0, elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        let route = instruments.route(path: path, method: method, status: status)
        route.requests.increment()
        route.duration.recordNanoseconds(nanoseconds)
        stats.recordRequest(route: route.trafficName, status: Int(status.code), deliberate: deliberate, microseconds: UInt64(nanoseconds / 1_000))
    }
}

/// The instruments of each route, method and status seen so far, made once and reused.
final class RouteInstruments: Sendable {
    /// What one request records to.
    struct Route: Sendable {
        let requests: Counter
        let duration: Timer
        /// The route's name in the telemetry, such as `POST /queue/register`.
        let trafficName: String
    }

    private struct Key: Hashable {
        let path: String?
        let method: HTTPRequest.Method
        let status: HTTPResponse.Status
    }

    private let routes = NIOLockedValueBox<[Key: Route]>([:])

    /// The instruments for a request; `path` is the matched route (nil when none matched).
    func route(path: String?, method: HTTPRequest.Method, status: HTTPResponse.Status) -> Route {
        let key = Key(path: path, method: method, status: status)
        return routes.withLockedValue { routes in
            if let route = routes[key] { return route }
            let route = Self.make(key)
            routes[key] = route
            return route
        }
    }

    private static func make(_ key: Key) -> Route {
        let dimensions = [
            ("http.route", key.path ?? "Unknown"),
            ("http.request.method", key.method.rawValue),
            ("http.response.status_code", String(key.status.code)),
        ]
        return Route(
            requests: Counter(label: "hb.requests", dimensions: dimensions),
            duration: Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds),
            trafficName: "\(key.method) \(key.path ?? "unmatched")"
        )
    }
}
