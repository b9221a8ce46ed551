import NIOCore
import NIOHTTP1

/// One HTTP/1.1 request: method, target, headers, body. The connection adds `Host` and, for a
/// body, `Content-Length`, unless the headers carry them already.
public struct HTTPCall: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The request target, `/path?query`.
    public var path: String
    /// The headers to send.
    public var headers: HTTPHeaders
    /// The body (nil: none).
    public var body: ByteBuffer?

    /// A request with a raw body (nil: none).
    public init(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// A request with a JSON body, sent with `Content-Type: application/json`.
    public init(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], json: String?) {
        self.init(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
        if json != nil { self.headers.add(name: "Content-Type", value: "application/json") }
    }

    /// The `Host` header's value for `host:port`, an IPv6 address in brackets.
    public static func hostHeader(host: String, port: Int) -> String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    /// The request's head with `Host` and `Content-Length` filled in.
    func head(hostHeader: String) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        if !head.headers.contains(name: "Host") { head.headers.add(name: "Host", value: hostHeader) }
        if let body, !head.headers.contains(name: "Content-Length") {
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        return head
    }
}
