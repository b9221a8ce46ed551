import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The fast path in each HTTP/1 connection's pipeline, between the HTTP codec and Hummingbird's
/// request loop: a request for one of the ``HotRoutes`` is answered right here, on the
/// connection's event loop, with one write of the complete answer; every other request goes on
/// to the router untouched.
///
/// The router runs each request as a task on the concurrency pool (event loop, pool, event
/// loop, and the task and middleware machinery in between). For a status poll that costs
/// several times the poll's own work, and polls are most of a waiting crowd's traffic.
///
/// Answers leave in request order: while a request handed to the router has not been
/// answered (its `.end` has not passed on the way out), later requests on the connection,
/// pipelined behind it, go to the router too. A request with `Connection: close` gets its
/// answer, then the connection is closed and nothing more is read from it, as the router does.
final class HotRouteHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let routes: HotRoutes
    /// Requests handed to the router whose answer has not been written in full.
    private var routedInFlight = 0
    /// Whether the body parts being read belong to a request handed to the router.
    private var forwardingBody = false
    /// Whether answers were written since the last flush.
    private var needsFlush = false
    /// Whether an answer was the connection's last: what follows is ignored.
    private var closing = false

    init(routes: HotRoutes) {
        self.routes = routes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if routedInFlight == 0, let reply = routes.answer(head, channel: context.channel) {
                forwardingBody = false
                answer(reply, lastOnConnection: Self.asksToClose(head), context: context)
            } else {
                forwardingBody = true
                routedInFlight += 1
                context.fireChannelRead(data)
            }
        case .body, .end:
            if forwardingBody { context.fireChannelRead(data) }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routedInFlight > 0 { routedInFlight -= 1 }
        context.write(data, promise: promise)
    }

    /// Writes a complete answer, flushed when the read burst ends; or, when it is the
    /// connection's last, flushed now and followed by closing the connection.
    private func answer(_ reply: JSONReply, lastOnConnection: Bool, context: ChannelHandlerContext) {
        var headers = reply.headers
        headers[.contentLength] = String(reply.body.readableBytes)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: reply.status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(reply.body)), promise: nil)
        guard lastOnConnection else {
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            needsFlush = true
            return
        }
        closing = true
        needsFlush = false
        let written = context.eventLoop.makePromise(of: Void.self)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    private static func asksToClose(_ head: HTTPRequest) -> Bool {
        head.headerFields[.connection].map { $0.lowercased().contains("close") } ?? false
    }
}
