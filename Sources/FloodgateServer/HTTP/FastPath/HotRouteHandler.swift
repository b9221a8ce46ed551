import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// The fast path in each HTTP/1 connection's pipeline, between the HTTP codec and Hummingbird's
/// request loop. A request for one of the ``HotRoutes`` is answered right here, on the
/// connection's event loop; a request for one of the ``TaskRoutes`` has its body collected here
/// and is answered by a task of its own; every other request goes on to the router untouched.
///
/// The router runs each connection as a task reading requests from an async sequence, through
/// its middleware, and writing answers through an async writer: several hand-offs between the
/// event loop and the concurrency pool a request. For a status poll that costs several times the
/// poll's own work, and polls are most of a waiting crowd's traffic.
///
/// The answer's bytes are encoded here (``HTTPAnswerBytes``) and written from the context of
/// NIO's `HTTPResponseEncoder`, that is past it, straight to the socket: the router's answers
/// still go through the HTTP types' conversion and the encoder, which keep no state from one
/// response to the next.
///
/// Answers leave in request order. While a request handed to the router has not been answered
/// (its `.end` has not passed on the way out), later requests on the connection, pipelined
/// behind it, go to the router too. While a task works, what arrives is kept and reading stops
/// once something is kept; both resume once its answer is written. A request with
/// `Connection: close` gets its answer, then the connection is closed and nothing more is read
/// from it, as the router does.
final class HotRouteHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What the parts after a request's head are for.
    private enum Reading {
        /// Between requests.
        case idle
        /// The body of a request handed to the router: passed on.
        case forwarding
        /// The body of a request answered at once: dropped.
        case discarding
        /// The body of a request for a task: gathered (up to one byte past the API's limit).
        case collecting(HTTPRequest, ByteBuffer, TaskRoutes.Route)
    }

    private let routes: HotRoutes
    private let tasks: TaskRoutes
    private var reading = Reading.idle
    /// Requests handed to the router whose answer has not been written in full.
    private var routedInFlight = 0
    /// Whether a task is answering a request of this connection.
    private var taskInFlight = false
    /// What arrived while a task works, handled once its answer is written.
    private var held: [HTTPRequestPart] = []
    /// Whether a read was asked for while a task works.
    private var readHeld = false
    /// Whether the server asked to wind down (graceful shutdown) while a task works: passed on,
    /// to close the connection, once the task's answer is out.
    private var quiesceHeld = false
    /// Whether answers were written since the last flush.
    private var needsFlush = false
    /// Whether an answer was the connection's last: what follows is ignored.
    private var closing = false
    /// The response encoder's context: what is written from it goes straight to the socket.
    private var socketWriter: ChannelHandlerContext?
    /// Runs the connection's tasks on its event loop.
    private var executor: EventLoopTaskExecutor?

    init(routes: HotRoutes, tasks: TaskRoutes) {
        self.routes = routes
        self.tasks = tasks
    }

    func handlerAdded(context: ChannelHandlerContext) {
        socketWriter = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
        executor = EventLoopTaskExecutor(eventLoop: context.eventLoop)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        socketWriter = nil
        closing = true
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        guard !taskInFlight else { return held.append(unwrapInboundIn(data)) }
        handle(unwrapInboundIn(data), context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, taskInFlight {
            quiesceHeld = true
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Reading goes on while a task works until something arrives for later: stopping at once
    /// would change the socket's epoll registration twice a request (off, then on again).
    func read(context: ChannelHandlerContext) {
        if taskInFlight, !held.isEmpty {
            readHeld = true
        } else {
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routedInFlight > 0 { routedInFlight -= 1 }
        context.write(data, promise: promise)
    }

    private func handle(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (part, reading) {
        case (.head(let head), _):
            start(head, context: context)
        case (.body(var bytes), .collecting(let head, var body, let route)):
            if body.readableBytes <= JSONRequest.maxBodyBytes {
                body.writeBuffer(&bytes)
            }
            reading = .collecting(head, body, route)
        case (.body, .forwarding):
            context.fireChannelRead(wrapInboundOut(part))
        case (.end, .collecting(let head, let body, let route)):
            reading = .idle
            startTask(head, body: body, route: route, context: context)
        case (.end, .forwarding):
            reading = .idle
            context.fireChannelRead(wrapInboundOut(part))
        case (.body, _), (.end, _):
            if case .end = part { reading = .idle }
        }
    }

    /// A request's head: answered at once, gathered for a task, or handed to the router.
    private func start(_ head: HTTPRequest, context: ChannelHandlerContext) {
        guard routedInFlight == 0 else { return forward(head, context: context) }
        if let answer = routes.answer(head, channel: context.channel) {
            reading = .discarding
            write(answer, lastOnConnection: Self.asksToClose(head), context: context)
        } else if let route = tasks.route(for: head) {
            reading = .collecting(head, context.channel.allocator.buffer(capacity: 256), route)
        } else {
            forward(head, context: context)
        }
    }

    private func forward(_ head: HTTPRequest, context: ChannelHandlerContext) {
        reading = .forwarding
        routedInFlight += 1
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// Answers a request on a task; this connection waits for its answer.
    private func startTask(_ head: HTTPRequest, body: ByteBuffer, route: TaskRoutes.Route, context: ChannelHandlerContext) {
        taskInFlight = true
        let tasks = self.tasks
        let channel = context.channel
        let lastOnConnection = Self.asksToClose(head)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        Task(executorPreference: executor) {
            let answer = await tasks.answer(head, body: body, route: route, channel: channel)
            channel.eventLoop.execute {
                handler.value.taskAnswered(answer, lastOnConnection: lastOnConnection, context: boundContext.value)
            }
        }
    }

    /// Writes a task's answer, then handles what arrived meanwhile and reads again.
    private func taskAnswered(_ answer: HotRoutes.Answer, lastOnConnection: Bool, context: ChannelHandlerContext) {
        taskInFlight = false
        guard !closing else { return }
        write(answer, lastOnConnection: lastOnConnection, context: context)
        if quiesceHeld {
            quiesceHeld = false
            flushIfNeeded(context: context)
            return context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        var replayed = false
        while !held.isEmpty, !taskInFlight, !closing {
            handle(held.removeFirst(), context: context)
            replayed = true
        }
        if replayed { context.fireChannelReadComplete() }
        flushIfNeeded(context: context)
        if readHeld, !taskInFlight {
            readHeld = false
            context.read()
        }
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        guard needsFlush else { return }
        needsFlush = false
        context.flush()
    }

    /// Writes a complete answer, flushed when the read burst ends; or, when it is the
    /// connection's last, flushed now and followed by closing the connection.
    private func write(_ reply: HotRoutes.Answer, lastOnConnection: Bool, context: ChannelHandlerContext) {
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
