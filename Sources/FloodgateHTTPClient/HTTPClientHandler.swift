import NIOCore
import NIOHTTP1

/// Hears what an ``HTTPClientHandler`` receives, on its channel's event loop.
public protocol HTTPClientReceiver: AnyObject {
    /// The whole answer to the request in flight (for a streamed answer, its head and an empty body,
    /// after the parts).
    func received(_ reply: HTTPReply)
    /// The head of a streamed answer.
    func receivedHead(_ head: HTTPResponseHead)
    /// A body part of a streamed answer, as it came.
    func receivedPart(_ part: ByteBuffer)
    /// The connection closed (told once); a request in flight got no answer.
    func connectionClosed()
}

/// A receiver that never streams needs neither stream call.
extension HTTPClientReceiver {
    /// Ignores the head.
    public func receivedHead(_ head: HTTPResponseHead) {}
    /// Ignores the part.
    public func receivedPart(_ part: ByteBuffer) {}
}

/// The one HTTP/1.1 client connection handler: writes a request (one at a time, keep-alive),
/// gathers its answer and hands it to its ``receiver`` whole, or part by part for a streamed
/// answer. A response without keep-alive closes the connection once delivered. Confined to its
/// channel's event loop; nothing is allocated per request beyond the request head and the body.
public final class HTTPClientHandler: ChannelInboundHandler {
    public typealias InboundIn = HTTPClientResponsePart
    public typealias OutboundOut = HTTPClientRequestPart

    /// Who hears the answers; let go of once the connection closed.
    public var receiver: (any HTTPClientReceiver)?
    private let hostHeader: String
    private var context: ChannelHandlerContext?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var streaming = false
    private var reportedClosed = false

    private init(hostHeader: String, receiver: (any HTTPClientReceiver)?) {
        self.hostHeader = hostHeader
        self.receiver = receiver
    }

    /// Adds the HTTP/1.1 codec and a handler to `channel`'s pipeline; call on its event loop.
    /// - Parameter hostHeader: the `Host` header of requests that carry none.
    /// - Returns: the handler.
    public static func install(on channel: any Channel, hostHeader: String, receiver: (any HTTPClientReceiver)? = nil) throws -> HTTPClientHandler {
        let handler = HTTPClientHandler(hostHeader: hostHeader, receiver: receiver)
        try channel.pipeline.syncOperations.addHTTPClientHandlers()
        try channel.pipeline.syncOperations.addHandler(handler)
        return handler
    }

    /// Whether the connection is open.
    public var isOpen: Bool { context?.channel.isActive ?? false }

    /// Writes `call`; the connection must have no request in flight.
    /// - Parameter streaming: hand the answer's head and body parts over as they come.
    /// - Returns: false when the connection is closed (nothing was written).
    public func send(_ call: HTTPCall, streaming: Bool = false) -> Bool {
        guard let context, !reportedClosed else { return false }
        self.streaming = streaming
        context.write(wrapOutboundOut(.head(call.head(hostHeader: hostHeader))), promise: nil)
        if let body = call.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        return true
    }

    /// Closes the connection; the receiver hears of it (once).
    public func close() {
        // A channel the peer closed before this handler joined it never reports channelInactive here.
        guard let context, context.channel.isActive else { return reportClosed() }
        context.close(promise: nil)
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = nil
            if streaming { receiver?.receivedHead(head) }
        case .body(var part):
            if streaming {
                receiver?.receivedPart(part)
            } else if body == nil {
                body = part
            } else {
                body!.writeBuffer(&part)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let reply = HTTPReply(head: head, body: body ?? ByteBuffer())
            body = nil
            receiver?.received(reply)
            if !head.isKeepAlive { close() }
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        reportClosed()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Tells the receiver, once, that the connection closed, and lets go of it.
    private func reportClosed() {
        guard !reportedClosed else { return }
        reportedClosed = true
        context = nil
        let receiver = receiver
        self.receiver = nil
        receiver?.connectionClosed()
    }
}
