import Crypto

/// The registration puzzle: find a decimal `nonce` such that SHA-256 of the UTF-8 bytes of
/// `challenge + nonce` (the two strings joined, nothing between) starts with `difficulty` zero bits.
public enum ProofOfWork {
    /// Allowed nonce lengths, in ASCII digits.
    public static let nonceLength = 1...20

    /// The number of zero bits at the start of a digest, most significant bit of the first byte first (0...256).
    public static func leadingZeroBits(of digest: SHA256.Digest) -> Int {
        var count = 0
        for byte in digest {
            guard byte == 0 else { return count + byte.leadingZeroBitCount }
            count += 8
        }
        return count
    }

    /// Whether `nonce` is 1...20 ASCII digits.
    public static func isValidNonce(_ nonce: String) -> Bool {
        DecimalText.isDigits(nonce.utf8, lengths: nonceLength)
    }

    /// Whether `nonce` is a valid nonce and solves `challenge` at `difficulty`.
    /// This checks only the work; `ChallengeSigner.verify` also checks the challenge itself.
    public static func verify(challenge: String, nonce: String, difficulty: Int) -> Bool {
        guard isValidNonce(nonce) else { return false }
        var hasher = SHA256()
        hasher.update(data: Array(challenge.utf8))
        hasher.update(data: Array(nonce.utf8))
        return leadingZeroBits(of: hasher.finalize()) >= difficulty
    }

    /// Finds the smallest nonce 0, 1, 2, ... (in decimal) that solves `challenge` at `difficulty`.
    ///
    /// Takes about 2^difficulty hashes: instant up to ~16, seconds around 24.
    /// - Precondition: `difficulty` is within 0...256.
    public static func solve(challenge: String, difficulty: Int) -> String {
        precondition((0...256).contains(difficulty), "difficulty must be within 0...256")
        var prefix = SHA256()
        prefix.update(data: Array(challenge.utf8))
        var counter: UInt64 = 0
        while true {
            let nonce = String(counter)
            var hasher = prefix
            hasher.update(data: Array(nonce.utf8))
            if leadingZeroBits(of: hasher.finalize()) >= difficulty { return nonce }
            counter += 1
        }
    }
}
