import FloodgateHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small HTTP/1.1 client for tests: one real loopback connection per request, on the shared
/// ``HTTPClient``. (FoundationNetworking's URLSession can deadlock when a task is cancelled mid-request.)
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
    /// - Throws: ``HTTPClientError`` when no whole response came.
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
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        var call = HTTPCall(HTTPMethod(rawValue: method), path, body: ByteBuffer(bytes: body ?? Data()))
        for (name, value) in headers { call.headers.replaceOrAdd(name: name, value: value) }
        let reply = try await HTTPClient.request(host: host, port: port, call, connectTimeout: .seconds(5), timeout: TimeAmount(timeout))
        return Response(status: reply.status, body: Data(reply.body.readableBytesView), contentType: reply.headers.first(name: "Content-Type"),
                        retryAfter: reply.headers.first(name: "Retry-After"),
                        headers: Dictionary(reply.headers.map { ($0.name.lowercased(), $0.value) }) { $1 })
    }
}
