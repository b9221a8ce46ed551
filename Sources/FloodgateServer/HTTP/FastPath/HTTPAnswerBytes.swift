import HTTPTypes
import NIOCore

/// A fast-path answer as the bytes of an HTTP/1.1 response: status line, headers, body, in one
/// buffer. The fast path writes these straight to the socket (``HotRouteHandler``), sparing each
/// answer the conversion to NIO's HTTP types and the response encoder.
enum HTTPAnswerBytes {
    /// `reply` with `Content-Length`, `Date` and `Server`, encoded.
    static func encode(_ reply: JSONReply, date: String, server: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 160 + reply.body.readableBytes)
        buffer.writeString("HTTP/1.1 ")
        buffer.writeString(String(reply.status.code))
        buffer.writeString(" ")
        buffer.writeString(reply.status.reasonPhrase)
        buffer.writeString("\r\n")
        for field in reply.headers {
            header(field.name.rawName, field.value, into: &buffer)
        }
        header("Content-Length", String(reply.body.readableBytes), into: &buffer)
        header("Date", date, into: &buffer)
        header("Server", server, into: &buffer)
        buffer.writeString("\r\n")
        var body = reply.body
        buffer.writeBuffer(&body)
        return buffer
    }

    private static func header(_ name: String, _ value: String, into buffer: inout ByteBuffer) {
        buffer.writeString(name)
        buffer.writeString(": ")
        buffer.writeString(value)
        buffer.writeString("\r\n")
    }
}
