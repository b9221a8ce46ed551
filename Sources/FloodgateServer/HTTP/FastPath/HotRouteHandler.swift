import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The fast path in each HTTP/1 connection's pipeline, between the HTTP codec and Hummingbird's
/// request loop: a request for one of the ``HotRoutes`` is answered right here, on the
/// connection's event loop, with one write of the complete answer; every other request goes on
/// to the router untouched.
///
/// The answer's bytes are encoded here (``HTTPAnswerBytes``) and written from the context of
/// NIO's `HTTPResponseEncoder`, that is past it, straight to the socket: the router's answers
/// still go through the HTTP types' conversion and the encoder, which keep no state from one
/// response to the next.
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
    /// The response encoder's context: what is written from it goes straight to the socket.
    private var socketWriter: ChannelHandlerContext?

    init(routes: HotRoutes) {
        self.routes = routes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        socketWriter = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        socketWriter = nil
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
    private func answer(_ reply: HotRoutes.Answer, lastOnConnection: Bool, context: ChannelHandlerContext) {
        let written = lastOnConnection ? context.eventLoop.makePromise(of: Void.self) : nil
        if let socketWriter {
            let bytes = HTTPAnswerBytes.encode(reply.reply, date: reply.date, server: reply.server, allocator: context.channel.allocator)
            socketWriter.write(NIOAny(IOData.byteBuffer(bytes)), promise: written)
        } else {
            writeParts(reply, context: context, promise: written)
        }
        guard let written else {
            needsFlush = true
            return
        }
        closing = true
        needsFlush = false
        let channel = context.channel
        context.flush()
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    /// The answer as HTTP parts, through the encoder (when the pipeline has no encoder to pass).
    private func writeParts(_ reply: HotRoutes.Answer, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        var headers = reply.reply.headers
        headers[.contentLength] = String(reply.reply.body.readableBytes)
        headers[.date] = reply.date
        headers[.server] = reply.server
        context.write(wrapOutboundOut(.head(HTTPResponse(status: reply.reply.status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(reply.reply.body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    private static func asksToClose(_ head: HTTPRequest) -> Bool {
        head.headerFields[.connection].map { $0.lowercased().contains("close") } ?? false
    }
}
