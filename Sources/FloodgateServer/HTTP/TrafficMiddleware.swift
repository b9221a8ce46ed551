import Hummingbird

/// Records every request's route, status and latency for telemetry.
struct TrafficMiddleware<Context: RequestContext>: RouterMiddleware {
    let stats: TrafficStats

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = (ContinuousClock.now - start).components
        let micros = UInt64(max(0, elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000))
        stats.recordRequest(route: "\(request.method) \(context.endpointPath ?? "unmatched")", status: Int(response.status.code), microseconds: micros)
        return response
    }
}
