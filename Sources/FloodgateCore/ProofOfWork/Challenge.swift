import Foundation

/// A proof-of-work challenge the daemon signed, as read back from its text.
///
/// The text is `<sale_id>.<expires_at>.<difficulty>.<id>.<mac>`:
/// - `sale_id`: the sale (may itself contain dots; the other fields never do, so the text is split
///   from the right);
/// - `expires_at`: unix seconds, decimal; the challenge is refused from that second on;
/// - `difficulty`: leading zero bits asked, decimal;
/// - `id`: 32 lowercase hex characters, the key for single use: the issue time in unix ms
///   (12 digits) and 10 random bytes;
/// - `mac`: base64url (unpadded) HMAC-SHA256 under the daemon's key of the ASCII text
///   `pow1.<sale_id>.<expires_at>.<difficulty>.<id>`.
///
/// The signature and expiry need no storage. Single use is the caller's job: remember `id` (in
/// Redis, until `expiresAt`) and refuse it a second time.
public struct Challenge: Sendable, Hashable {
    /// The sale the challenge was issued for.
    public let saleID: String
    /// When the challenge stops being accepted, in unix seconds (exclusive).
    public let expiresAt: Int64
    /// The leading zero bits asked.
    public let difficulty: Int
    /// The random part, 32 lowercase hex characters; unique per challenge, for single-use bookkeeping.
    public let id: String
    /// The whole signed text, as handed to the shopper and hashed with the nonce.
    public let text: String

    /// When the challenge was issued, in unix ms: the first 12 hex digits of `id`, as
    /// ``ChallengeSigner/issue(saleID:difficulty:now:lifetimeSeconds:)`` writes them.
    public var issuedAtMs: Int64 {
        Int64(id.prefix(12), radix: 16) ?? 0
    }

    /// `expiresAt` as a `Date`.
    public var expiryDate: Date {
        Date(timeIntervalSince1970: TimeInterval(expiresAt))
    }
}

extension Challenge {
    /// The fields of a challenge text and the bytes its MAC covers; signature not checked.
    struct Parts {
        let challenge: Challenge
        let signedBody: ArraySlice<UInt8>
        let mac: [UInt8]

        /// Splits a challenge text from the right; `nil` when any field is malformed.
        init?(_ text: String) {
            let bytes = Array(text.utf8)
            var dots: [Int] = []
            var index = bytes.endIndex
            while dots.count < 4, let dot = bytes[..<index].lastIndex(of: UInt8(ascii: ".")) {
                dots.append(dot)
                index = dot
            }
            guard dots.count == 4 else { return nil }
            let (idDot, difficultyDot, expiryDot, saleDot) = (dots[0], dots[1], dots[2], dots[3])
            guard let saleID = String(validating: bytes[..<saleDot], as: UTF8.self), SaleDefinition.isValidID(saleID),
                let expiresAt = DecimalText.parse(bytes[(saleDot + 1)..<expiryDot]),
                let difficulty = DecimalText.parse(bytes[(expiryDot + 1)..<difficultyDot], maxDigits: 3),
                Hex.isLowercase(bytes[(difficultyDot + 1)..<idDot], length: 32),
                let mac = Base64URL.decode(bytes[(idDot + 1)...]), mac.count == 32
            else { return nil }
            let id = String(decoding: bytes[(difficultyDot + 1)..<idDot], as: UTF8.self)
            challenge = Challenge(saleID: saleID, expiresAt: expiresAt, difficulty: Int(difficulty), id: id, text: text)
            signedBody = bytes[..<idDot]
            self.mac = mac
        }
    }
}
