import Crypto
import FloodgateCore
import Foundation
import HTTPTypes
import Hummingbird

/// Reading credentials from requests.
enum RequestAuth {
    /// The bearer token of the `Authorization` header, if any (none when the header is repeated).
    /// Read from the field's bytes: the headers' joined-`String` subscript cost more than the
    /// token's check on a status poll.
    static func bearer(_ request: Request) -> String? {
        var found: HTTPField?
        for field in request.headers where field.name == .authorization {
            guard found == nil else { return nil }
            found = field
        }
        return found?.withUnsafeBytesOfValue { bytes in
            let scheme = bearerScheme
            guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
            var start = scheme.count
            var end = bytes.count
            while start < end, bytes[start] == 0x20 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 { end -= 1 }
            return start < end ? String(decoding: bytes[start..<end], as: UTF8.self) : nil
        }
    }

    private static let bearerScheme: [UInt8] = Array("bearer ".utf8)

    /// Verifies the shopper's queue token.
    /// - Throws: ``FloodgateCore/APIError`` 401 for a missing, malformed, forged or expired token.
    static func queueToken(_ request: Request, signer: TokenSigner) throws -> QueueToken {
        guard let text = bearer(request) else { throw APIError.unauthorized("A queue token is required (Authorization: Bearer <token>).") }
        do {
            return try signer.verify(text, now: Date())
        } catch {
            throw APIError(error)
        }
    }

    /// Whether `given` equals `expected`, in time independent of where they differ.
    static func constantTimeEquals(_ given: String, _ expected: String) -> Bool {
        let a = SHA256.hash(data: Data(given.utf8))
        let b = SHA256.hash(data: Data(expected.utf8))
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The audit trail's actor of an admin call: the operator's name and address (`alice@10.0.0.7`).
    static func actor(_ request: Request, context: FloodgateRequestContext, policy: ClientAddressPolicy) -> String {
        (context.adminIdentity?.name ?? "admin") + "@" + source(request, context: context, policy: policy)
    }

    /// The caller's address: the connection's peer, or what the outermost trusted proxy saw
    /// (``ClientAddressPolicy``); nil when the peer is unknown (a Unix socket).
    static func clientAddress(_ request: Request, context: FloodgateRequestContext, policy: ClientAddressPolicy) -> IPAddress? {
        let peer = context.remoteAddress.flatMap(IPAddress.init(peer:))
        guard policy.trustForwarded else { return peer }
        return policy.client(peer: peer, headerLines: request.headers[values: policy.header.fieldName])
    }

    /// The caller's address as text, for audit trails and rate limits (`unknown` when unknown).
    static func source(_ request: Request, context: FloodgateRequestContext, policy: ClientAddressPolicy) -> String {
        clientAddress(request, context: context, policy: policy)?.description ?? "unknown"
    }
}

/// Lets only callers with an admin token through, and only to the calls their role allows
/// (``OperatorRole/required(method:path:)``): 401 without a known token, 403 `forbidden` beyond
/// the role, before anything is read or changed. The caller goes on in the context.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = FloodgateRequestContext
    let authority: AdminAuthority

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let given = RequestAuth.bearer(request), let identity = authority.identity(of: given) else {
            throw APIError.unauthorized("The admin API needs an admin token (Authorization: Bearer <token>).")
        }
        let required = OperatorRole.required(method: request.method.rawValue, path: request.uri.path)
        guard identity.role.allows(required) else {
            throw APIError.forbidden("\(identity.name) is an \(identity.role.rawValue); \(request.method.rawValue) \(request.uri.path) needs the \(required.rawValue) role.")
        }
        var context = context
        context.adminIdentity = identity
        return try await next(request, context)
    }
}
