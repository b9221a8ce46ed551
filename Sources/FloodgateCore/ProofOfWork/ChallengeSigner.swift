import Crypto
import Foundation

/// Issues proof-of-work challenges and checks the answers; see `Challenge` for the text format.
public struct ChallengeSigner: Sendable {
    /// How long a challenge lives unless told otherwise, in seconds.
    public static let defaultLifetimeSeconds: Int64 = 120
    /// Longer challenge texts are refused before any work.
    public static let maxChallengeBytes = 256

    private static let macPrefix: [UInt8] = Array("pow1.".utf8)
    private let keyed: KeyedMAC

    /// Creates a signer; the secret should be at least 32 random bytes. It may be the token secret:
    /// the `pow1.` prefix keeps challenge and token signatures apart.
    public init(secret: SymmetricKey) {
        keyed = KeyedMAC(key: secret)
    }

    /// Creates a signer from raw secret bytes.
    public init(secret: Data) {
        self.init(secret: SymmetricKey(data: secret))
    }

    /// Issues a fresh challenge: its id is the issue time in ms (12 hex digits, so the server can
    /// time the solution; it is signed like the rest) and 80 random bits.
    /// - Parameters:
    ///   - saleID: A valid sale id.
    ///   - difficulty: Leading zero bits to ask, 0...256.
    ///   - now: The current time.
    ///   - lifetimeSeconds: How long the challenge is accepted.
    public func issue(
        saleID: String, difficulty: Int, now: Date, lifetimeSeconds: Int64 = defaultLifetimeSeconds
    ) -> Challenge {
        let random = KernelRandom.shared.bytes(10)
        let issuedMs = UInt64(max(0, (now.timeIntervalSince1970 * 1000).rounded(.down)))
        let stamp = String(issuedMs, radix: 16)
        let id = String(repeating: "0", count: max(0, 12 - stamp.count)) + String(stamp.suffix(12)) + Hex.encode(random)
        let expiresAt = Int64(now.timeIntervalSince1970.rounded(.down)) + lifetimeSeconds
        return issue(saleID: saleID, difficulty: difficulty, expiresAt: expiresAt, id: id)
    }

    /// Issues a challenge with the given fields (deterministic; `issue(saleID:difficulty:now:)` picks them).
    func issue(saleID: String, difficulty: Int, expiresAt: Int64, id: String) -> Challenge {
        let body = "\(saleID).\(expiresAt).\(difficulty).\(id)"
        let mac = keyed.mac(Array(body.utf8)[...], prefix: Self.macPrefix)
        let text = body + "." + Base64URL.encode(mac)
        return Challenge(saleID: saleID, expiresAt: expiresAt, difficulty: difficulty, id: id, text: text)
    }

    /// Checks that `text` is a challenge this daemon signed for `saleID` and that it has not expired.
    /// - Throws: `ProofOfWorkError.malformed`, `.badSignature`, `.wrongSale` or `.expired`, in that order.
    public func open(_ text: String, saleID: String, now: Date) throws(ProofOfWorkError) -> Challenge {
        guard text.utf8.count <= Self.maxChallengeBytes, let parts = Challenge.Parts(text) else { throw .malformed }
        guard keyed.isValid(parts.mac, of: parts.signedBody, prefix: Self.macPrefix) else {
            throw .badSignature
        }
        guard parts.challenge.saleID == saleID else { throw .wrongSale }
        guard Int64(now.timeIntervalSince1970.rounded(.down)) < parts.challenge.expiresAt else { throw .expired }
        return parts.challenge
    }

    /// Checks a registration's proof of work: the challenge (as `open`), the nonce's format, that the
    /// challenge asks at least `difficulty` bits, and the work itself. Single use is left to the caller.
    /// - Parameters:
    ///   - challenge: The challenge text the shopper sends back.
    ///   - nonce: The shopper's answer, 1...20 ASCII digits.
    ///   - saleID: The sale being registered for.
    ///   - difficulty: The sale's current difficulty.
    ///   - now: The current time.
    /// - Returns: The opened challenge, whose `id` the caller marks as used.
    public func verify(
        challenge: String, nonce: String, saleID: String, difficulty: Int, now: Date
    ) throws(ProofOfWorkError) -> Challenge {
        let opened = try open(challenge, saleID: saleID, now: now)
        guard ProofOfWork.isValidNonce(nonce) else { throw .malformed }
        guard opened.difficulty >= difficulty,
            ProofOfWork.verify(challenge: challenge, nonce: nonce, difficulty: opened.difficulty)
        else { throw .insufficientWork }
        return opened
    }
}
