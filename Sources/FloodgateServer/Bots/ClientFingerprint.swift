import Hummingbird

/// A hash of what a client shows of itself: User-Agent, Accept-Language, the names of its
/// headers in order, and the optional `fingerprint` the waiting-room page measured (the
/// registration body's field, the challenge's query parameter). Identities sharing one are a
/// crowd; the value itself is never trusted as a pass.
///
/// A client's challenge (`GET`) and its registration (`POST`) must hash the same: proof-of-work
/// bits raised on a fingerprint are asked at the challenge and checked at the registration. So
/// the headers that come with a body or a method (``methodHeaders``) are left out, as are the
/// credentials and the proxies' forwarding headers.
enum ClientFingerprint {
    /// Headers a client sends or not depending on the method and the body, not on who it is.
    static let methodHeaders: Set<String> = ["authorization", "content-type", "content-length", "transfer-encoding", "origin",
                                             "x-forwarded-for", "forwarded"]

    /// 16 hex digits of FNV-1a over the parts.
    static func of(_ request: Request, field: String?) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0x1f
            hash = hash &* 0x0000_0100_0000_01b3
        }
        mix(request.headers[.userAgent] ?? "")
        mix(request.headers[.acceptLanguage] ?? "")
        for field in request.headers where !methodHeaders.contains(field.name.canonicalName) {
            mix(field.name.canonicalName)
        }
        mix(field ?? "")
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// What of a client a token is bound to: User-Agent and Accept-Language, which a browser
    /// sends the same on every call (the header set differs between a `POST` and a `GET`).
    static func agent(of request: Request) -> String {
        (request.headers[.userAgent] ?? "") + "\n" + (request.headers[.acceptLanguage] ?? "")
    }
}
