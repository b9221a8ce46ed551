import Hummingbird
import NIOCore

/// A complete JSON answer held in memory: status, headers and body. The router hands it on as
/// a ``Hummingbird/Response``; the pipeline's fast path (``HotRouteHandler``) writes it as it is.
struct JSONReply: Sendable {
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// `Content-Type: application/json` and whatever the answer adds (`Retry-After`).
    var headers: HTTPFields
    /// The encoded JSON.
    var body: ByteBuffer

    /// A reply from bytes already encoded.
    init(_ body: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) {
        self.status = status
        self.headers = [.contentType: "application/json"]
        self.body = ByteBuffer(bytes: body)
    }

    /// The reply as the router's response.
    var response: Response {
        Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}

extension JSONReply {
    /// A handler's response, collected: its status, its headers (but its length, which the
    /// answer sets) and its whole body.
    init(collecting response: Response) async throws {
        let box = BodyCollector.Box()
        try await response.body.write(BodyCollector(box: box))
        self.status = response.status
        self.headers = response.headers
        self.headers[.contentLength] = nil
        self.body = box.bytes
    }
}

/// Gathers a response body's buffers into one.
private struct BodyCollector: ResponseBodyWriter {
    final class Box {
        var bytes = ByteBuffer()
    }

    let box: Box

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        box.bytes.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
