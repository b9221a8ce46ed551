import Crypto
import Foundation

/// Signs and verifies queue tokens with HMAC-SHA256.
///
/// A token is `v1.<payload>.<mac>`: `payload` is the base64url (unpadded) binary encoding described
/// on `QueueToken.payload`, and `mac` is the base64url (unpadded) HMAC-SHA256 under the signer's key
/// of the ASCII text `v1.<payload>`. Verification needs no storage and no Foundation JSON, because
/// `GET /queue/status` verifies a token on every poll. Daemons that share a key accept each
/// other's tokens.
public struct TokenSigner: Sendable {
    /// Longer token strings are refused before any decoding or hashing.
    public static let maxTokenBytes = 1024

    private static let prefix: [UInt8] = Array("v1.".utf8)
    private let keyed: KeyedMAC
    private let cache: VerifiedTokenCache?

    /// Creates a signer; the secret should be at least 32 random bytes.
    /// - Parameter cache: where tokens it signed or verified are kept, so that the next
    ///   verification of the same text skips the HMAC (nil: every verification computes it).
    public init(secret: SymmetricKey, cache: VerifiedTokenCache? = nil) {
        keyed = KeyedMAC(key: secret)
        self.cache = cache
    }

    /// Creates a signer from raw secret bytes (at least 32 random bytes recommended).
    public init(secret: Data, cache: VerifiedTokenCache? = nil) {
        self.init(secret: SymmetricKey(data: secret), cache: cache)
    }

    /// The token text for `token`.
    public func sign(_ token: QueueToken) -> String {
        let signed = Self.prefix + Array(Base64URL.encode(token.payload).utf8)
        let text = String(decoding: signed, as: UTF8.self) + "." + Base64URL.encode(keyed.mac(signed[...]))
        cache?.keep(token, text: text)
        return text
    }

    /// Checks the shape, the signature and the expiry of a token.
    /// - Parameters:
    ///   - text: The token, as sent after `Bearer `.
    ///   - now: The current time; the token is expired from its `expiresAt` second on.
    /// - Returns: The token's contents.
    /// - Throws: `TokenError.malformed`, `.badSignature` or `.expired`, checked in that order.
    public func verify(_ text: String, now: Date) throws(TokenError) -> QueueToken {
        let token: QueueToken
        if let kept = cache?.token(for: text) {
            token = kept
        } else {
            token = try verifySignature(text)
        }
        guard Int64(now.timeIntervalSince1970.rounded(.down)) < token.expiresAt else { throw .expired }
        return token
    }

    /// Checks the shape and the signature of a token (and keeps it in the cache).
    private func verifySignature(_ text: String) throws(TokenError) -> QueueToken {
        let utf8 = text.utf8
        guard utf8.count <= Self.maxTokenBytes, utf8.starts(with: Self.prefix) else { throw .malformed }
        let characters = Array(utf8)
        guard let dot = characters[3...].firstIndex(of: UInt8(ascii: ".")),
            let mac = Base64URL.decode(characters[(dot + 1)...]), mac.count == SHA256.byteCount,
            let payload = Base64URL.decode(characters[3..<dot])
        else { throw .malformed }
        guard keyed.isValid(mac, of: characters[..<dot]) else { throw .badSignature }
        guard let token = QueueToken(signedPayload: payload) else { throw .malformed }
        cache?.keep(token, text: text)
        return token
    }

    /// Verifies a token and checks it was issued for `saleID` (and `userID`, when given).
    /// - Throws: The errors of `verify(_:now:)`, then `TokenError.foreign`.
    public func verify(
        _ text: String, saleID: String, userID: String? = nil, now: Date
    ) throws(TokenError) -> QueueToken {
        let token = try verify(text, now: now)
        try token.checkOwner(saleID: saleID, userID: userID)
        return token
    }
}
