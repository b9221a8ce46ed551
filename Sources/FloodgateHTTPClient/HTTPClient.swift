import NIOCore
import NIOHTTP1
import NIOPosix

/// The entry points of the HTTP/1.1 client: one-shot requests and the bootstrap that
/// ``HTTPClientConnection`` and connection pools open their sockets with.
public enum HTTPClient {
    /// Opens a connection to `host:port`, sends `call` with `Connection: close` and returns the
    /// whole answer; the connection is closed afterwards.
    /// - Parameters:
    ///   - source: the local IPv4 address to send from (nil: the system's choice).
    ///   - connectTimeout: the longest to wait for the connection (at most `timeout`).
    ///   - timeout: the longest to wait for the answer.
    /// - Throws: ``HTTPClientError``, or `CancellationError` when the task is cancelled.
    public static func request(
        host: String, port: Int, _ call: HTTPCall, source: String? = nil, connectTimeout: TimeAmount = .seconds(3),
        timeout: TimeAmount = .seconds(10), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> HTTPReply {
        let connection = try await HTTPClientConnection.connect(host: host, port: port, source: source,
                                                                connectTimeout: min(connectTimeout, timeout), group: group)
        defer { connection.close() }
        var call = call
        if !call.headers.contains(name: "Connection") { call.headers.add(name: "Connection", value: "close") }
        return try await connection.send(call, timeout: timeout)
    }

    /// A bootstrap for client connections: `TCP_NODELAY`, `SO_REUSEADDR`, bound to `source` when given.
    /// - Parameter source: the local address to send from; on Linux any 127.x.y.z works on
    ///   loopback, so one machine can look like many callers.
    public static func bootstrap(group: any EventLoopGroup, source: SocketAddress?, connectTimeout: TimeAmount) -> ClientBootstrap {
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .connectTimeout(connectTimeout)
        return source.map { bootstrap.bind(to: $0) } ?? bootstrap
    }
}
