import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection on SwiftNIO that carries one call at a time, as a
/// browser tab does (the caller awaits each answer before the next call). Nothing blocks: the
/// answer completes a promise on the connection's event loop.
public final class KeepAliveConnection: Sendable {
    private let channel: any Channel
    private let collector: NIOLoopBound<ReplyCollector>
    private let hostHeader: String

    private init(channel: any Channel, collector: NIOLoopBound<ReplyCollector>, hostHeader: String) {
        self.channel = channel
        self.collector = collector
        self.hostHeader = hostHeader
    }

    /// Opens a connection to `host:port`.
    /// - Parameter source: the local IPv4 address to send from (nil: the system's choice); on
    ///   Linux any 127.x.y.z works on loopback, so one machine can look like many callers.
    public static func connect(host: String, port: Int, source: String? = nil,
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> KeepAliveConnection {
        var bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(3))
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        let channel = try await bootstrap.connect(host: host, port: port).get()
        let collector = try await channel.eventLoop.submit {
            let collector = ReplyCollector()
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            try channel.pipeline.syncOperations.addHandler(collector)
            return NIOLoopBound(collector, eventLoop: channel.eventLoop)
        }.get()
        return KeepAliveConnection(channel: channel, collector: collector, hostHeader: "\(host):\(port)")
    }

    /// Whether the connection is still open.
    public var isOpen: Bool { channel.isActive }

    /// Sends `call` and waits for its whole answer; a connection that does not answer within
    /// `timeout` is closed and the call fails with ``HTTPCallFailure/connectionLost``.
    public func send(_ call: HTTPCall, timeout: TimeAmount = .seconds(10)) async throws -> HTTPReply {
        let channel = self.channel
        let promise = channel.eventLoop.makePromise(of: HTTPReply.self)
        var head = HTTPRequestHead(version: .http1_1, method: call.method, uri: call.path)
        head.headers.add(name: "Host", value: hostHeader)
        for (name, value) in call.headers { head.headers.add(name: name, value: value) }
        if let body = call.body {
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.utf8.count))
        }
        channel.eventLoop.execute { [collector] in
            guard channel.isActive else { return promise.fail(HTTPCallFailure.connectionLost) }
            collector.value.pending = promise
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body = call.body { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        let timer = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        defer { timer.cancel() }
        return try await promise.futureResult.get()
    }

    /// Closes the connection.
    public func close() {
        channel.close(promise: nil)
    }
}

/// Gathers the answer to the call in flight, on the channel's event loop.
private final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    var pending: EventLoopPromise<HTTPReply>?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let part):
            body += part.readableBytesView
        case .end:
            guard let head, let promise = pending else { return }
            pending = nil
            self.head = nil
            promise.succeed(HTTPReply(status: Int(head.status.code), headers: head.headers, body: body))
            if !head.isKeepAlive { context.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending?.fail(HTTPCallFailure.connectionLost)
        pending = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
