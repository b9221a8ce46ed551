import NIOCore
import NIOHTTP1

/// A complete HTTP response.
public struct HTTPReply: Sendable {
    /// The status line and headers.
    public let head: HTTPResponseHead
    /// The body.
    public let body: ByteBuffer

    /// A response of `head` with `body`.
    public init(head: HTTPResponseHead, body: ByteBuffer) {
        self.head = head
        self.body = body
    }

    /// The status code.
    public var status: Int { Int(head.status.code) }
    /// The headers as sent.
    public var headers: HTTPHeaders { head.headers }
    /// The body's bytes.
    public var bytes: [UInt8] { Array(body.readableBytesView) }
    /// The body as text.
    public var text: String { String(buffer: body) }
}

/// Why a call got no (whole) HTTP answer.
public enum HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No connection could be opened (refused, unresolvable, no route, connect timeout); the
    /// system's reason.
    case unreachable(String)
    /// No answer in time (for a stream: nothing for longer than its idle timeout).
    case timedOut
    /// The connection closed before the whole answer came.
    case connectionLost

    public var description: String {
        switch self {
        case .unreachable(let reason): "cannot connect: \(reason)"
        case .timedOut: "no answer in time"
        case .connectionLost: "connection closed"
        }
    }
}
