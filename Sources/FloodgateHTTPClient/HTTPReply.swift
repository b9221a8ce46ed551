import NIOCore
import NIOHTTP1

/// One HTTP request for a ``KeepAliveConnection``: method, path with query, headers, body.
public struct HTTPCall: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var headers: [(String, String)]
    public var body: String?

    /// - Parameters:
    ///   - path: the request target, `/path?query`.
    ///   - body: a JSON body (sent with `Content-Type: application/json`).
    public init(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: String? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// A complete HTTP response.
public struct HTTPReply: Sendable {
    /// The status code.
    public let status: Int
    /// The headers as sent.
    public let headers: HTTPHeaders
    /// The body's bytes.
    public let body: [UInt8]

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a call got no HTTP answer.
public enum HTTPCallFailure: Error, Sendable {
    /// The connection closed (or timed out) before the whole answer came.
    case connectionLost
}
