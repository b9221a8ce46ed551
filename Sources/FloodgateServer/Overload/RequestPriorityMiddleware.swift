import FloodgateCore
import Hummingbird

/// Puts the shoppers' requests through the ``RequestPriorityGate``: a shed request gets 503
/// with `Retry-After` (the "high demand" page or `overloaded`) and its handler never runs.
struct RequestPriorityMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: RequestPriorityGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let requestClass = RequestClass(path: request.uri.path) else { return try await next(request, context) }
        guard await gate.enter(requestClass) else { return gate.shedReply(requestClass, head: request.head).response }
        defer { gate.leave(requestClass) }
        return try await next(request, context)
    }
}
