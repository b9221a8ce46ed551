import Hummingbird
import Logging
import NIOCore

/// What every fast-path route (``HotRoutes``, ``TaskRoutes``) shares with the router for each
/// request: the priority gate, the request record, and the answer's headers and logger.
struct FastPathAnswering: Sendable {
    let gate: RequestPriorityGate
    let recorder: RequestRecorder
    let date: HTTPDateHeader
    /// The `Server` header, as the router's answers carry it.
    let serverName: String
    let logger: Logger

    /// The request context the router's handlers take, for a request on `channel`.
    func context(_ channel: any Channel) -> FloodgateRequestContext {
        FloodgateRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
    }

    /// Records the answered request and dates its answer.
    func finish(_ reply: JSONReply, path: String, method: HTTPRequest.Method, since start: ContinuousClock.Instant) -> HotRoutes.Answer {
        recorder.record(path: path, method: method, status: reply.status, headers: reply.headers, since: start)
        return HotRoutes.Answer(reply: reply, date: date.current(), server: serverName)
    }
}
