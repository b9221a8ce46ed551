import Crypto
import CryptoExtras
import Foundation

/// A sale's identity binding: registration must carry a JWT the shop signed whose `sub` is the
/// user id. Sale definition key `identity`:
/// ```json
/// {"alg": "HS256", "key": "<shared secret, at least 32 bytes>"}
/// {"alg": "RS256", "key": "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----"}
/// ```
/// Without it (the default) anyone may claim any `user_id`.
public struct IdentitySettings: Sendable, Hashable, Encodable {
    /// The JWT signature algorithms accepted.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable, Encodable {
        /// HMAC-SHA256 with a secret shared with the shop.
        case hs256 = "HS256"
        /// RSASSA-PKCS1-v1_5 with SHA-256; the shop's public key (PEM, at least 2048 bits).
        case rs256 = "RS256"
    }

    /// The algorithm every assertion must use.
    public var alg: Algorithm
    /// The secret (HS256) or the PEM public key (RS256).
    public var key: String

    /// Creates settings; check them with ``problems(at:)``.
    public init(alg: Algorithm, key: String) {
        self.alg = alg
        self.key = key
    }

    /// The keys an `identity` object has.
    static let knownKeys: Set<String> = ["alg", "key"]

    /// Reads settings at `path`; problems go to `reader`.
    static func read(_ value: JSONValue, at path: String, with reader: inout FieldReader) -> IdentitySettings? {
        guard let fields = reader.object(value, at: path, allowedKeys: knownKeys) else { return nil }
        reader.require("alg", in: fields, at: path)
        reader.require("key", in: fields, at: path)
        let alg: Algorithm? = reader.choice("alg", in: fields, at: path)
        let key = reader.string("key", in: fields, at: path)
        guard let alg, let key else { return nil }
        return IdentitySettings(alg: alg, key: key)
    }

    /// The rules these settings break.
    public func problems(at path: String) -> [FieldProblem] {
        switch alg {
        case .hs256 where key.utf8.count < 32:
            return [FieldProblem(field: path + ".key", message: "an HS256 secret must be at least 32 bytes, got \(key.utf8.count)")]
        case .rs256 where (try? _RSA.Signing.PublicKey(pemRepresentation: key)) == nil:
            return [FieldProblem(field: path + ".key", message: "must be a PEM RSA public key of at least 2048 bits")]
        default:
            return []
        }
    }
}
