import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection for async code, carrying one call at a time (the caller
/// awaits each answer before the next call). Nothing blocks: answers complete on the
/// connection's event loop.
public final class HTTPClientConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<HTTPClientHandler>

    private init(channel: any Channel, handler: NIOLoopBound<HTTPClientHandler>) {
        self.channel = channel
        self.handler = handler
    }

    /// Opens a connection to `host:port`.
    /// - Parameter source: the local IPv4 address to send from (nil: the system's choice).
    /// - Throws: ``HTTPClientError/unreachable(_:)``.
    public static func connect(host: String, port: Int, source: String? = nil, connectTimeout: TimeAmount = .seconds(3),
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> HTTPClientConnection {
        let channel: any Channel
        do {
            let local = try source.map { try SocketAddress(ipAddress: $0, port: 0) }
            channel = try await HTTPClient.bootstrap(group: group, source: local, connectTimeout: connectTimeout).connect(host: host, port: port).get()
        } catch {
            throw HTTPClientError.unreachable(String(describing: error))
        }
        let hostHeader = HTTPCall.hostHeader(host: host, port: port)
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try HTTPClientHandler.install(on: channel, hostHeader: hostHeader), eventLoop: channel.eventLoop)
            }.get()
            return HTTPClientConnection(channel: channel, handler: handler)
        } catch {
            channel.close(promise: nil)
            throw HTTPClientError.connectionLost
        }
    }

    /// Whether the connection is still open.
    public var isOpen: Bool { channel.isActive }

    /// Sends `call` and waits for its whole answer; a connection that does not answer within
    /// `timeout` is closed.
    /// - Throws: ``HTTPClientError/timedOut``, ``HTTPClientError/connectionLost``, or
    ///   `CancellationError` (the connection is closed) when the task is cancelled.
    public func send(_ call: HTTPCall, timeout: TimeAmount = .seconds(10)) async throws -> HTTPReply {
        let promise = channel.eventLoop.makePromise(of: HTTPReply.self)
        let handler = handler
        channel.eventLoop.execute {
            ReplyWaiter(promise: promise).start(call, on: handler.value, timeout: timeout)
        }
        return try await cancellable { try await promise.futureResult.get() }
    }

    /// Sends `call` and streams its answer: the head, then each body part as it comes; the
    /// stream finishes with the answer. Ending the iteration early closes the connection.
    /// - Parameter idleTimeout: the longest silence before the connection is closed and the
    ///   stream throws ``HTTPClientError/timedOut``.
    /// - Throws: (from the stream) ``HTTPClientError``.
    public func stream(_ call: HTTPCall, idleTimeout: TimeAmount) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPStreamPart, any Error>.makeStream()
        let channel = channel
        continuation.onTermination = { ending in
            if case .cancelled = ending { channel.close(promise: nil) }
        }
        let handler = handler
        channel.eventLoop.execute {
            StreamWaiter(continuation: continuation, idleTimeout: idleTimeout, loop: channel.eventLoop).start(call, on: handler.value)
        }
        return stream
    }

    /// Closes the connection.
    public func close() {
        channel.close(promise: nil)
    }

    /// Runs `body`, closing the connection when the task is cancelled and then throwing `CancellationError`.
    private func cancellable<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await withTaskCancellationHandler(operation: body) { [channel] in channel.close(promise: nil) }
        } catch {
            try Task.checkCancellation()
            throw error
        }
    }
}

/// A part of a streamed answer.
public enum HTTPStreamPart: Sendable {
    /// The status line and headers, first.
    case head(HTTPResponseHead)
    /// A body part, as it came.
    case body(ByteBuffer)
}

/// Completes one call's promise with its answer, or fails it when the connection closes (or is
/// closed for taking longer than the timeout). Confined to the connection's event loop.
private final class ReplyWaiter: HTTPClientReceiver {
    private let promise: EventLoopPromise<HTTPReply>
    private var timer: Scheduled<Void>?
    private var timedOut = false
    private var done = false

    init(promise: EventLoopPromise<HTTPReply>) {
        self.promise = promise
    }

    func start(_ call: HTTPCall, on handler: HTTPClientHandler, timeout: TimeAmount) {
        handler.receiver = self
        guard handler.send(call) else { return finish(.failure(HTTPClientError.connectionLost)) }
        timer = promise.futureResult.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.timedOut = true
            handler.close()
        }
    }

    func received(_ reply: HTTPReply) {
        finish(.success(reply))
    }

    func connectionClosed() {
        finish(.failure(timedOut ? HTTPClientError.timedOut : HTTPClientError.connectionLost))
    }

    private func finish(_ result: Result<HTTPReply, any Error>) {
        guard !done else { return }
        done = true
        timer?.cancel()
        promise.completeWith(result)
    }
}

/// Feeds a streamed answer to its stream, closing the connection when it stays silent too long.
/// Confined to the connection's event loop.
private final class StreamWaiter: HTTPClientReceiver {
    private let continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation
    private let idleTimeout: TimeAmount
    private let loop: any EventLoop
    private var handler: HTTPClientHandler?
    private var timer: Scheduled<Void>?
    private var timedOut = false
    private var done = false

    init(continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation, idleTimeout: TimeAmount, loop: any EventLoop) {
        self.continuation = continuation
        self.idleTimeout = idleTimeout
        self.loop = loop
    }

    func start(_ call: HTTPCall, on handler: HTTPClientHandler) {
        self.handler = handler
        handler.receiver = self
        guard handler.send(call, streaming: true) else { return connectionClosed() }
        rearm()
    }

    func receivedHead(_ head: HTTPResponseHead) {
        rearm()
        continuation.yield(.head(head))
    }

    func receivedPart(_ part: ByteBuffer) {
        rearm()
        continuation.yield(.body(part))
    }

    func received(_ reply: HTTPReply) {
        finish(nil)
    }

    func connectionClosed() {
        finish(timedOut ? HTTPClientError.timedOut : HTTPClientError.connectionLost)
    }

    /// Starts the silence timer again.
    private func rearm() {
        timer?.cancel()
        guard let handler, !done else { return }
        timer = loop.assumeIsolated().scheduleTask(in: idleTimeout) {
            self.timedOut = true
            handler.close()
        }
    }

    private func finish(_ error: (any Error)?) {
        guard !done else { return }
        done = true
        timer?.cancel()
        handler = nil
        continuation.finish(throwing: error)
    }
}
