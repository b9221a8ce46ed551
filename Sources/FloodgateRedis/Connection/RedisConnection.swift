import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Synchronization

/// One pipelined connection to Redis.
///
/// Any number of tasks may call ``send(_:timeout:)`` at once. Each call appends its encoded
/// command to a shared buffer and its continuation to the reply queue under one lock; a single
/// drain per event-loop tick writes the whole buffer with one flush. Replies are matched to
/// callers in order on the event loop. Nothing here blocks a thread.
final class RedisConnection: Sendable {
    let channel: any Channel
    private let state: NIOLockedValueBox<PendingCalls>
    private let maxPending: Int
    private let callIDs = Atomic<UInt64>(0)

    private init(channel: any Channel, state: NIOLockedValueBox<PendingCalls>, maxPending: Int) {
        self.channel = channel
        self.state = state
        self.maxPending = maxPending
    }

    /// The number of calls waiting for replies.
    var pendingCount: Int { state.withLockedValue { $0.calls.count } }

    /// Whether the connection is still open.
    var isOpen: Bool { state.withLockedValue { $0.closedError == nil } }

    /// Completes when the connection has closed.
    var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Sends one command (name first) and waits for its reply. The command is formatted into
    /// the shared outbound buffer; every continuation is resumed exactly once, by whichever of
    /// the reply, the timeout sweep, cancellation or the connection's close takes it from the queue.
    /// - Parameter asking: whether `ASKING` goes just before the command (an `ASK` redirection).
    func send(_ arguments: [String], timeout: Duration, asking: Bool = false) async throws -> RedisReply {
        let id = callIDs.wrappingAdd(1, ordering: .relaxed).newValue
        let timeout = TimeAmount(timeout)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                let result = RedisCommandEncoder.withEncoded(arguments) { command in
                    state.withLockedValue {
                        $0.enqueue(command, prefix: asking ? Self.asking : nil, id: id, timeout: timeout, limit: maxPending, continuation: continuation)
                    }
                }
                switch result {
                case .rejected(let error):
                    continuation.resume(throwing: error)
                case .enqueued(let scheduleDrain):
                    if scheduleDrain { channel.eventLoop.execute { self.drain() } }
                }
            }
        } onCancel: {
            state.withLockedValue { $0.detach(id: id) }?.resume(throwing: CancellationError())
        }
    }

    /// `ASKING` in RESP, and the one reply it gets (dropped).
    private static let asking: (bytes: [UInt8], replies: Int) = (Array("*1\r\n$6\r\nASKING\r\n".utf8), 1)

    /// Closes the connection; waiting calls fail with ``RedisError/shutdown``.
    func close() {
        fail(with: .shutdown)
        channel.close(promise: nil)
    }

    /// Writes everything callers queued since the last drain, with one flush.
    private func drain() {
        let bytes = state.withLockedValue { $0.takeOutbound() }
        guard bytes.readableBytes > 0 else { return }
        channel.writeAndFlush(bytes, promise: nil)
    }

    /// Answers the next calls with `replies`, in order.
    fileprivate func deliver(_ replies: [RedisReply]) {
        let continuations = state.withLockedValue { $0.complete(count: replies.count) }
        for (continuation, reply) in zip(continuations, replies) {
            continuation?.resume(returning: reply)
        }
    }

    /// Fails every waiting call whose deadline has passed.
    fileprivate func expireOverdueCalls() {
        let expired = state.withLockedValue { $0.detachExpired(now: .now()) }
        for (continuation, error) in expired { continuation.resume(throwing: error) }
    }

    /// Fails every waiting call and refuses new ones.
    fileprivate func fail(with error: RedisError) {
        let waiting = state.withLockedValue { $0.close(with: error) }
        for continuation in waiting { continuation.resume(throwing: error) }
    }
}

extension RedisConnection {
    /// Opens a connection, then logs in (AUTH) and selects the database.
    /// - Throws: ``RedisError`` when the server cannot be reached or refuses the handshake.
    static func connect(
        configuration: RedisClientConfiguration,
        eventLoop: any EventLoop,
        logger: Logger
    ) async throws -> RedisConnection {
        let state = NIOLockedValueBox(PendingCalls())
        let box = NIOLockedValueBox<RedisConnection?>(nil)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = RedisReplyHandler(connection: box)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            switch configuration.endpoint.address {
            case .tcp(let host, let port):
                channel = try await bootstrap.channelOption(.tcpOption(.tcp_nodelay), value: 1)
                    .connect(host: host, port: port).get()
            case .unixSocket(let path):
                channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            throw RedisError.notConnected("cannot connect to \(configuration.endpoint.displayName): \(error)")
        }
        let connection = RedisConnection(channel: channel, state: state, maxPending: configuration.maxPendingPerConnection)
        box.withLockedValue { $0 = connection }
        connection.scheduleTimeoutSweeps()
        do {
            try await connection.handshake(endpoint: configuration.endpoint, timeout: configuration.connectTimeout)
        } catch {
            connection.close()
            throw error
        }
        logger.debug("redis connection up", metadata: ["redis": "\(configuration.endpoint.displayName)"])
        return connection
    }

    private func handshake(endpoint: RedisEndpoint, timeout: Duration) async throws {
        if let password = endpoint.password {
            let arguments = ["AUTH"] + (endpoint.username.map { [$0] } ?? []) + [password]
            let reply = try await send(arguments, timeout: timeout)
            if let message = reply.errorMessage { throw RedisError.handshakeFailed("AUTH: \(message)") }
        }
        let reply = try await send(["SELECT", String(endpoint.database)], timeout: timeout)
        if let message = reply.errorMessage {
            // A server that needs a password answers NOAUTH to the first command.
            throw RedisError.handshakeFailed(message)
        }
    }

    /// Checks the calls' deadlines a hundred times a second while the connection lives.
    private func scheduleTimeoutSweeps() {
        let task = channel.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(10), delay: .milliseconds(10)) {
            [weak self] _ in self?.expireOverdueCalls()
        }
        channel.closeFuture.whenComplete { _ in task.cancel() }
    }
}

/// Reads replies on the connection's event loop and hands them to the waiting callers.
private final class RedisReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let reader = RedisReplyReader()
    private let connection: NIOLockedValueBox<RedisConnection?>
    private var replies: [RedisReply] = []

    init(connection: NIOLockedValueBox<RedisConnection?>) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        do {
            try reader.feed(bytes)
            while let reply = try reader.next() { replies.append(reply) }
        } catch {
            connection.withLockedValue { $0 }?.fail(with: error)
            context.close(promise: nil)
            return
        }
        guard !replies.isEmpty else { return }
        connection.withLockedValue { $0 }?.deliver(replies)
        replies.removeAll(keepingCapacity: true)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.withLockedValue { $0 }?.fail(with: .connectionLost("the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        connection.withLockedValue { $0 }?.fail(with: .connectionLost("\(error)"))
        context.close(promise: nil)
    }
}
