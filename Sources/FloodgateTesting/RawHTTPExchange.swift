import NIOCore
import NIOPosix

/// Bytes in, bytes out over one loopback connection: for tests of what a server does with
/// several requests on one connection (keep-alive, pipelining), which ``HTTPProbe`` cannot send.
public enum RawHTTPExchange {
    /// Writes `request` (one or more raw HTTP/1.1 requests, the last with `Connection: close`)
    /// and returns everything the server sends until it closes the connection.
    public static func send(_ request: String, host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(15)) async throws -> String {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: String.self)
        let channel = try await ClientBootstrap(group: loop)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UntilClosed(promise: promise))
                }
            }
            .connect(host: host, port: port).get()
        channel.writeAndFlush(ByteBuffer(string: request), promise: nil)
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { channel.close(promise: nil) }
        defer { timer.cancel() }
        return try await promise.futureResult.get()
    }
}

/// Gathers every byte read until the connection closes.
private final class UntilClosed: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<String>
    private var received = ByteBuffer()

    init(promise: EventLoopPromise<String>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(String(buffer: received))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
