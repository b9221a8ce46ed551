import NIOCore
import NIOHTTP1
import NIOPosix

/// The admin API over HTTP/1.1 on SwiftNIO: one connection a request, bearer token on every call.
/// Nothing here blocks: name resolution, connecting and reading are all asynchronous.
public struct AdminClient: Sendable {
    /// The daemon.
    public let endpoint: ConsoleEndpoint
    private let token: String
    private let group: any EventLoopGroup

    /// A client for `endpoint` using `group`'s event loops (NIO's shared group by default).
    public init(endpoint: ConsoleEndpoint, token: String, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.endpoint = endpoint
        self.token = token
        self.group = group
    }

    /// Sends a request and collects the whole response.
    /// - Parameters:
    ///   - body: a JSON body, for POSTs.
    ///   - timeout: seconds before the call gives up.
    /// - Throws: ``AdminClientError`` for transport failures and timeouts (an HTTP error status is
    ///   a response, not an error).
    public func send(_ method: HTTPMethod, _ path: String, body: String? = nil, timeout: Double = 10) async throws -> AdminResponse {
        try await AdminClientError.mapping {
            try await withDeadline(seconds: timeout) {
                try await exchange(method, path, body: body) { head, parts in
                    var response = AdminResponse(status: Int(head.status.code), body: [])
                    while let part = try await parts.next() {
                        switch part {
                        case .body(let buffer): response.body += buffer.readableBytesView
                        case .end: return response
                        case .head: break
                        }
                    }
                    throw AdminClientError.closed
                }
            }
        }
    }

    /// Opens a streaming GET and hands each body chunk to `onChunk` until the server ends the stream
    /// or `onChunk` returns `false`.
    /// - Parameters:
    ///   - onOpen: called with the status once the response head arrives; a non-200 status ends
    ///     the stream with ``AdminClientError/status(_:_:)``.
    ///   - idleTimeout: seconds without any byte after which the connection is dropped.
    public func stream(_ path: String, idleTimeout: Int64 = 10, onOpen: @Sendable () -> Void, onChunk: (ByteBuffer) -> Bool) async throws {
        try await AdminClientError.mapping {
            try await exchange(.GET, path, body: nil, idleTimeout: idleTimeout, accept: "text/event-stream") { head, parts in
                guard head.status == .ok else {
                    var body: [UInt8] = []
                    while let part = try await parts.next() {
                        if case .body(let buffer) = part { body += buffer.readableBytesView }
                        if case .end = part { break }
                    }
                    throw AdminClientError.status(Int(head.status.code), AdminResponse(status: Int(head.status.code), body: body).errorSummary)
                }
                onOpen()
                while let part = try await parts.next() {
                    switch part {
                    case .body(let buffer): if !onChunk(buffer) { return }
                    case .end: return
                    case .head: break
                    }
                }
            }
        }
    }

    /// Connects, sends the request, waits for the response head and hands the rest of the
    /// response to `handle`; the connection is closed afterwards.
    private func exchange<Result: Sendable>(
        _ method: HTTPMethod, _ path: String, body: String?, idleTimeout: Int64 = 30, accept: String = "application/json",
        handle: (HTTPResponseHead, inout NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator) async throws -> Result
    ) async throws -> Result {
        let channel = try await connect(idleTimeout: idleTimeout)
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(requestHead(method, path, accept: accept, bodyLength: body?.utf8.count)))
            if let body { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body)))) }
            try await outbound.write(.end(nil))
            var parts = inbound.makeAsyncIterator()
            while let part = try await parts.next() {
                if case .head(let head) = part { return try await handle(head, &parts) }
            }
            throw AdminClientError.closed
        }
    }

    private func connect(idleTimeout: Int64) async throws -> NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart> {
        try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(3))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(idleTimeout)))
                    try channel.pipeline.syncOperations.addHandler(CloseOnIdleHandler())
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
    }

    private func requestHead(_ method: HTTPMethod, _ path: String, accept: String, bodyLength: Int?) -> HTTPRequestHead {
        var headers = HTTPHeaders([
            ("Host", endpoint.hostHeader), ("Authorization", "Bearer \(token)"), ("Accept", accept),
            ("User-Agent", "floodgate-console"), ("Connection", "close"),
        ])
        if let bodyLength {
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(bodyLength))
        }
        return HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
    }
}

/// Closes a connection that has been silent for longer than its `IdleStateHandler` allows.
final class CloseOnIdleHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
