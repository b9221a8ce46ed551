import FloodgateCore
import Hummingbird
import Logging
import Metrics
import NIOCore

/// The routes a waiting crowd calls most, answered in the connection's NIO pipeline without
/// the router's task machinery: `GET /health`, `GET /queue/status` and `GET /queue/challenge`
/// (see ``HotRouteHandler``).
///
/// This is not a second implementation: status and challenge run the very handlers the router
/// runs (``QueueRoutes/statusFromMemory(_:context:)``,
/// ``QueueRoutes/challengeFromMemory(_:context:)``), errors go through the same mapping
/// (``APIErrorReply``), the request is recorded by the same ``RequestRecorder`` and counted by
/// the same ``RequestPriorityGate``. Whatever cannot be answered at once (a sale this daemon has
/// not loaded yet, a full gate) is left to the router, which does the same work the slow way.
///
/// A status poll answered from memory takes no slot in the gate: it is done on the event loop
/// in microseconds, and shedding it (503) would cost as much as answering it, while sending it
/// to the router to wait would cost twice as much, in the very moments the daemon is short of
/// CPU. Under pressure its `poll_after_ms` is stretched instead, which is what cuts the crowd's
/// load (``RequestPriorityGate/stretchedPoll(_:)``).
///
/// Metrics: `floodgate_http_fast_path_total{route}`, the requests the fast path answered.
struct HotRoutes: Sendable {
    let queue: QueueRoutes
    let shared: FastPathAnswering
    private let answeredHealth = Counter(label: "floodgate_http_fast_path_total", dimensions: [("route", HealthRoutes.livenessPath)])
    private let answeredStatus = Counter(label: "floodgate_http_fast_path_total", dimensions: [("route", QueueRoutes.statusPath)])
    private let answeredChallenge = Counter(label: "floodgate_http_fast_path_total", dimensions: [("route", QueueRoutes.challengePath)])

    init(queue: QueueRoutes, shared: FastPathAnswering) {
        self.queue = queue
        self.shared = shared
    }

    /// An answer and the headers every answer carries.
    struct Answer {
        let reply: JSONReply
        /// The `Date` header.
        let date: String
        /// The `Server` header.
        let server: String
    }

    /// The answer to the request `head` (its body, if any, is ignored: these routes are GETs);
    /// nil when the router must answer it.
    func answer(_ head: HTTPRequest, channel: any Channel) -> Answer? {
        guard head.method == .get, let target = head.path else { return nil }
        let start = ContinuousClock.now
        let path = Self.path(of: target)
        let reply: JSONReply
        switch path {
        case HealthRoutes.livenessPath:
            reply = HealthRoutes.liveness
            answeredHealth.increment()
        case QueueRoutes.statusPath:
            guard let status = fromMemory(head, channel: channel, queue.statusFromMemory) else { return nil }
            reply = status
            answeredStatus.increment()
        case QueueRoutes.challengePath:
            guard let challenge = fromMemory(.register, head, channel: channel, queue.challengeFromMemory) else { return nil }
            reply = challenge
            answeredChallenge.increment()
        default:
            return nil
        }
        return shared.finish(reply, path: path, method: head.method, since: start)
    }

    /// A route's answer from memory, inside the priority gate: nil when the gate has no room at
    /// once or the handler needs what only the router's path can wait for.
    private func fromMemory(
        _ requestClass: RequestClass,
        _ head: HTTPRequest,
        channel: any Channel,
        _ handler: (Request, FloodgateRequestContext) throws -> JSONReply?
    ) -> JSONReply? {
        guard shared.gate.tryEnter(requestClass) else { return nil }
        defer { shared.gate.leave(requestClass) }
        return fromMemory(head, channel: channel, handler)
    }

    /// A route's answer from memory, outside the gate: nil when the handler needs what only the
    /// router's path can wait for.
    private func fromMemory(
        _ head: HTTPRequest,
        channel: any Channel,
        _ handler: (Request, FloodgateRequestContext) throws -> JSONReply?
    ) -> JSONReply? {
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer()))
        do {
            return try handler(request, shared.context(channel))
        } catch {
            return APIErrorReply.reply(for: error, logger: shared.logger)
        }
    }

    /// The request target's path, without its query.
    private static func path(of target: String) -> String {
        target.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(target[..<$0]) } ?? target
    }
}
