import FloodgateCore
import Hummingbird

/// Puts the shoppers' requests through the ``RequestPriorityGate``: a shed request gets 503
/// `overloaded` with `Retry-After` and its handler never runs.
struct RequestPriorityMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: RequestPriorityGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let requestClass = RequestClass(path: request.uri.path) else { return try await next(request, context) }
        guard await gate.enter(requestClass) else { return shedResponse(requestClass) }
        defer { gate.leave(requestClass) }
        return try await next(request, context)
    }

    private func shedResponse(_ requestClass: RequestClass) -> Response {
        var response = APIError(status: 503, code: "overloaded",
                                message: "The sale is under very high demand; try again in \(gate.limits.retryAfterSeconds) s.").response()
        response.headers[.retryAfter] = String(gate.limits.retryAfterSeconds)
        return response
    }
}
