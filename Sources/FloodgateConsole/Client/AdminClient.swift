import FloodgateHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// The admin API over the shared ``HTTPClient``: one connection a request, bearer token on every
/// call. Nothing here blocks: name resolution, connecting and reading are all asynchronous.
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
            let reply = try await HTTPClient.request(host: endpoint.host, port: endpoint.port, call(method, path, json: body, accept: "application/json"),
                                                     timeout: .nanoseconds(Int64(timeout * 1e9)), group: group)
            return AdminResponse(status: reply.status, body: reply.bytes)
        }
    }

    /// Opens a streaming GET and hands each body chunk to `onChunk` until the server ends the stream
    /// (or closes the connection) or `onChunk` returns `false`.
    /// - Parameters:
    ///   - onOpen: called with the status once the response head arrives; a non-200 status ends
    ///     the stream with ``AdminClientError/status(_:_:)``.
    ///   - idleTimeout: seconds without any byte after which the connection is dropped and the
    ///     call throws ``AdminClientError/timeout``.
    public func stream(_ path: String, idleTimeout: Int64 = 10, onOpen: @Sendable () -> Void, onChunk: (ByteBuffer) -> Bool) async throws {
        try await AdminClientError.mapping {
            let connection = try await HTTPClientConnection.connect(host: endpoint.host, port: endpoint.port, group: group)
            defer { connection.close() }
            var parts = connection.stream(call(.GET, path, json: nil, accept: "text/event-stream"), idleTimeout: .seconds(idleTimeout)).makeAsyncIterator()
            guard case .head(let head)? = try await parts.next() else { throw AdminClientError.closed }
            guard head.status == .ok else {
                var body: [UInt8] = []
                while case .body(let buffer)? = try await parts.next() { body += buffer.readableBytesView }
                throw AdminClientError.status(Int(head.status.code), AdminResponse(status: Int(head.status.code), body: body).errorSummary)
            }
            onOpen()
            do {
                while case .body(let buffer)? = try await parts.next() {
                    if !onChunk(buffer) { return }
                }
            } catch HTTPClientError.connectionLost {
                // The daemon closing an open stream ends it.
            }
            try Task.checkCancellation()
        }
    }

    private func call(_ method: HTTPMethod, _ path: String, json: String?, accept: String) -> HTTPCall {
        let headers = HTTPHeaders([
            ("Authorization", "Bearer \(token)"), ("Accept", accept), ("User-Agent", "floodgate-console"), ("Connection", "close"),
        ])
        return HTTPCall(method, path, headers: headers, json: json)
    }
}
