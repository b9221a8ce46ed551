import FloodgateHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A tiny HTTP server on loopback for the client's tests: it records each whole request (head
/// and body, as text) and lets the test's `respond` write whatever bytes it likes back.
final class ScriptedServer: Sendable {
    private let channel: any Channel
    /// The requests received, in order.
    let requests: NIOLockedValueBox<[String]>
    /// Connections accepted.
    let connections: NIOLockedValueBox<Int>

    private init(channel: any Channel, requests: NIOLockedValueBox<[String]>, connections: NIOLockedValueBox<Int>) {
        self.channel = channel
        self.requests = requests
        self.connections = connections
    }

    /// The port it listens on.
    var port: Int { channel.localAddress?.port ?? 0 }

    /// Listens on 127.0.0.1 on a free port; `respond` runs on the connection's event loop.
    static func start(_ respond: @escaping @Sendable (_ request: String, _ connection: any Channel) -> Void) async throws -> ScriptedServer {
        let requests = NIOLockedValueBox<[String]>([])
        let connections = NIOLockedValueBox(0)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                connections.withLockedValue { $0 += 1 }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(RequestReader(requests: requests, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedServer(channel: channel, requests: requests, connections: connections)
    }

    /// Listens like ``start(_:)`` and answers every request with `answer`'s bytes.
    static func answering(_ answer: String) async throws -> ScriptedServer {
        try await start { _, connection in connection.writeAndFlush(ByteBuffer(string: answer), promise: nil) }
    }

    /// A keep-alive client connection to it.
    func connect() async throws -> HTTPClientConnection {
        try await HTTPClientConnection.connect(host: "127.0.0.1", port: port)
    }

    /// Stops listening.
    func stop() async {
        try? await channel.close()
    }
}

/// Splits a connection's bytes into requests (a head, then `Content-Length` bytes of body).
private final class RequestReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let requests: NIOLockedValueBox<[String]>
    private let respond: @Sendable (String, any Channel) -> Void
    private var pending = ""

    init(requests: NIOLockedValueBox<[String]>, respond: @escaping @Sendable (String, any Channel) -> Void) {
        self.requests = requests
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += String(buffer: unwrapInboundIn(data))
        while let request = nextRequest() {
            requests.withLockedValue { $0.append(request) }
            respond(request, context.channel)
        }
    }

    private func nextRequest() -> String? {
        guard let end = pending.range(of: "\r\n\r\n") else { return nil }
        let length = pending[..<end.lowerBound].split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        let head = pending[..<end.upperBound]
        let rest = pending[end.upperBound...]
        guard rest.utf8.count >= length else { return nil }
        let body = String(rest.utf8.prefix(length))!
        pending = String(rest.utf8.dropFirst(length))!
        return head + body
    }
}
