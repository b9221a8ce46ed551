import FloodgateHTTPClient
import NIOCore
import NIOHTTP1

/// One HTTP request of the load generator and what to do with its outcome. Built, sent and
/// completed on the load generator's event loop only.
struct LoadRequest {
    /// The request as sent.
    let call: HTTPCall
    /// When the caller asked for it to be sent (it may wait for a free connection).
    let issuedAt: NIODeadline
    let completion: (LoadOutcome) -> Void

    init(method: HTTPMethod, uri: String, headers: HTTPHeaders, body: ByteBuffer?, issuedAt: NIODeadline,
         completion: @escaping (LoadOutcome) -> Void) {
        call = HTTPCall(method, uri, headers: headers, body: body)
        self.issuedAt = issuedAt
        self.completion = completion
    }
}

/// How a request ended.
enum LoadOutcome {
    case answered(LoadResponse)
    case failed(TransportFailure)
}

/// A complete HTTP response.
struct LoadResponse {
    let status: Int
    let body: ByteBuffer
    /// When the request was written to a connection.
    let sentAt: NIODeadline
    /// Which daemon answered (its index among the targets).
    let daemon: Int

    /// Whether this is a 503 the daemon chose, telling the client to come back: `paused` (the
    /// sale's kill switch or a guard) or `overloaded` (shed under load).
    var isDeliberate: Bool {
        guard status == 503 else { return false }
        let code = fields.errorCode
        return code == "paused" || code == "overloaded"
    }

    /// The body's top-level JSON fields.
    var fields: JSONFields { JSONFields(body) }
}

/// Why a request got no HTTP answer.
public enum TransportFailure: String, Error, CaseIterable, Sendable, Encodable, Hashable {
    /// No connection could be opened (the daemon is down).
    case connectFailed = "connect_failed"
    /// The connection closed before the answer came (the daemon died, or closed it).
    case connectionLost = "connection_lost"
    /// No answer within the profile's `request_timeout_ms`.
    case timedOut = "timed_out"
    /// The rehearsal ended first.
    case stopped
}
