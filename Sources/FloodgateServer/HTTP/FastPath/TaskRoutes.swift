import FloodgateCore
import Hummingbird
import Logging
import Metrics
import NIOCore

/// The shoppers' routes that wait for Redis, run by the pipeline's fast path
/// (``HotRouteHandler``) as one task per request, without the router's per-connection request
/// loop: `POST /queue/register`, `/checkout/reserve`, `/checkout/commit` and `/checkout/cancel`.
///
/// As with ``HotRoutes``, nothing is implemented twice: the task runs the router's own handler
/// (``QueueRoutes``, ``CheckoutRoutes``) with the request's head and collected body, inside the
/// same ``RequestPriorityGate`` (a shed request gets its 503 `overloaded`), maps failures with
/// ``APIErrorReply`` and records the request with the same ``RequestRecorder``.
///
/// Metrics: `floodgate_http_fast_path_total{route}`.
struct TaskRoutes: Sendable {
    /// A route a task answers.
    struct Route: Sendable {
        let path: String
        let requestClass: RequestClass
        let handler: @Sendable (Request, FloodgateRequestContext) async throws -> Response
        let answered: Counter
    }

    private let routes: [String: Route]
    let shared: FastPathAnswering

    init(queue: QueueRoutes, checkout: CheckoutRoutes, shared: FastPathAnswering) {
        func route(_ path: String, _ requestClass: RequestClass,
                   _ handler: @escaping @Sendable (Request, FloodgateRequestContext) async throws -> Response) -> (String, Route) {
            (path, Route(path: path, requestClass: requestClass, handler: handler,
                         answered: Counter(label: "floodgate_http_fast_path_total", dimensions: [("route", path)])))
        }
        routes = Dictionary(uniqueKeysWithValues: [
            route(QueueRoutes.registerPath, .register, queue.register),
            route(CheckoutRoutes.reservePath, .checkout, checkout.reserve),
            route(CheckoutRoutes.commitPath, .checkout, checkout.commit),
            route(CheckoutRoutes.cancelPath, .checkout, checkout.cancel),
        ])
        self.shared = shared
    }

    /// The route a task answers for `head`; nil for every other request.
    func route(for head: HTTPRequest) -> Route? {
        guard head.method == .post, let path = head.path, !path.contains("?") else { return nil }
        return routes[path]
    }

    /// Runs the route's handler on the request and its whole body.
    func answer(_ head: HTTPRequest, body: ByteBuffer, route: Route, channel: any Channel) async -> HotRoutes.Answer {
        let start = ContinuousClock.now
        let reply: JSONReply
        if await shared.gate.enter(route.requestClass) {
            reply = await run(route, Request(head: head, body: RequestBody(buffer: body)), channel: channel)
            shared.gate.leave(route.requestClass)
        } else {
            reply = shared.gate.shedReply(route.requestClass, head: head)
        }
        route.answered.increment()
        return shared.finish(reply, path: route.path, method: head.method, since: start)
    }

    private func run(_ route: Route, _ request: Request, channel: any Channel) async -> JSONReply {
        do {
            return try await JSONReply(collecting: try await route.handler(request, shared.context(channel)))
        } catch {
            return APIErrorReply.reply(for: error, logger: shared.logger)
        }
    }
}
