import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 client for tests: one real loopback connection per request, on SwiftNIO.
/// (FoundationNetworking's URLSession can deadlock when a task is cancelled mid-request.)
public enum HTTPProbe {
    /// A response: status code, body and content type.
    public struct Response: Sendable {
        public let status: Int
        public let body: Data
        public let contentType: String?
        /// The `Retry-After` header, when the response has one.
        public var retryAfter: String? = nil
        /// Every header, by lowercased name (the last value of a repeated one).
        public var headers: [String: String] = [:]

        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The body parsed as a JSON object.
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    /// Sends a request and returns the response, whatever its status.
    /// - Parameter url: `http://host:port/path?query`.
    public static func request(
        _ method: String = "GET",
        _ url: String,
        body: Data? = nil,
        headers: [String: String] = [:],
        timeout: Duration = .seconds(15)
    ) async throws -> Response {
        guard let components = URLComponents(string: url), let host = components.host, let port = components.port else {
            throw ClientError("not an http://host:port URL: \(url)")
        }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: Response.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            throw error
        }
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? ""))
        head.headers.add(name: "Host", value: "\(host):\(port)")
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "Content-Length", value: String(body?.count ?? 0))
        for (name, value) in headers { head.headers.replaceOrAdd(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { channel.close(promise: nil) }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}

/// Gathers one response on the channel's event loop.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPProbe.Response>
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    init(promise: EventLoopPromise<HTTPProbe.Response>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body(var part): body.writeBuffer(&part)
        case .end:
            if let head {
                promise.succeed(HTTPProbe.Response(status: Int(head.status.code), body: Data(body.readableBytesView),
                                                   contentType: head.headers.first(name: "Content-Type"),
                                                   retryAfter: head.headers.first(name: "Retry-After"),
                                                   headers: Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }) { $1 }))
            }
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ClientError("the connection closed before a whole response arrived"))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
