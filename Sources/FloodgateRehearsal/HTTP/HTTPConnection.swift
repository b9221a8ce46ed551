import NIOCore
import NIOHTTP1

/// One keep-alive HTTP/1.1 connection of a ``ConnectionPool``: sends one request at a time and
/// hands the complete response back to the pool. Lives in its channel's pipeline, on the load
/// generator's event loop.
final class HTTPConnection: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// The pool it belongs to.
    let pool: ConnectionPool
    /// Its mark in the ``SocketBudget``'s idle line while idle, 0 otherwise.
    var idleMark = 0
    private var context: ChannelHandlerContext?
    /// The request waiting for its answer, if any.
    private(set) var inFlight: LoadRequest?
    /// When the request in flight was written.
    private(set) var sentAt = NIODeadline.uptimeNanoseconds(0)
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var closeReason = TransportFailure.connectionLost
    /// Whether the pool heard it closed.
    private var reportedClosed = false

    init(pool: ConnectionPool) {
        self.pool = pool
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// Writes a request; the connection must be idle and open.
    func send(_ request: LoadRequest) {
        guard let context else {
            request.completion(.failed(.connectionLost))
            return
        }
        inFlight = request
        sentAt = .now()
        var head = HTTPRequestHead(version: .http1_1, method: request.method, uri: request.uri, headers: request.headers)
        head.headers.add(name: "Host", value: pool.hostHeader)
        if let body = request.body {
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body = request.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Closes the connection; a request in flight fails with `reason`.
    func close(_ reason: TransportFailure) {
        closeReason = reason
        // A channel the peer closed before this handler joined it never reports channelInactive here.
        guard let context, context.channel.isActive else { return reportClosed() }
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
        case .body(var part):
            if body == nil { body = part } else { body!.writeBuffer(&part) }
        case .end:
            guard let request = inFlight, let head else { return }
            inFlight = nil
            self.head = nil
            let response = LoadResponse(status: Int(head.status.code), body: body ?? ByteBuffer(), sentAt: sentAt, daemon: pool.daemon)
            body = nil
            pool.connection(self, answered: request, with: response, keepAlive: head.isKeepAlive)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        reportClosed()
    }

    /// Tells the pool, once, that the connection closed.
    private func reportClosed() {
        guard !reportedClosed else { return }
        reportedClosed = true
        let request = inFlight
        inFlight = nil
        context = nil
        pool.connectionClosed(self, inFlight: request, reason: closeReason)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
