import Crypto
import Foundation
import Testing

@testable import FloodgateCore

@Suite("Proof of work")
struct ProofOfWorkTests {
    @Test("counts leading zero bits of a digest")
    func leadingZeroBits() {
        // SHA-256("") = e3b0c442...: the first bit is set.
        #expect(ProofOfWork.leadingZeroBits(of: SHA256.hash(data: Data())) == 0)
        for difficulty in [1, 4, 8, 12] {
            let nonce = ProofOfWork.solve(challenge: "count", difficulty: difficulty)
            let digest = SHA256.hash(data: Data(("count" + nonce).utf8))
            let bits = digest.flatMap { byte in (0..<8).map { byte >> (7 - $0) & 1 } }
            #expect(ProofOfWork.leadingZeroBits(of: digest) == bits.firstIndex(of: 1))
            #expect(ProofOfWork.leadingZeroBits(of: digest) >= difficulty)
        }
    }

    @Test("solves and verifies", arguments: [0, 1, 8, 14])
    func solveVerify(difficulty: Int) {
        let nonce = ProofOfWork.solve(challenge: "drop-42.abc", difficulty: difficulty)
        #expect(ProofOfWork.verify(challenge: "drop-42.abc", nonce: nonce, difficulty: difficulty))
    }

    @Test("refuses a nonce that does not solve the challenge")
    func wrongNonce() {
        let nonce = ProofOfWork.solve(challenge: "drop-42.abc", difficulty: 14)
        let smaller = (0..<Int(nonce)!).map(String.init)
        #expect(smaller.allSatisfy { !ProofOfWork.verify(challenge: "drop-42.abc", nonce: $0, difficulty: 14) })
    }

    @Test("accepts only 1 to 20 ASCII digits as a nonce", arguments: [
        ("0", true), ("00123", true), (String(repeating: "9", count: 20), true),
        ("", false), (String(repeating: "9", count: 21), false), ("12a", false), ("-1", false), ("+1", false),
        (" 1", false), ("1.0", false), ("0x1f", false), ("١٢", false),
    ])
    func nonceFormat(nonce: String, isValid: Bool) {
        #expect(ProofOfWork.isValidNonce(nonce) == isValid)
        if !isValid {
            #expect(!ProofOfWork.verify(challenge: "c", nonce: nonce, difficulty: 0))
        }
    }
}
