import Crypto
import Foundation
import Testing

@testable import FloodgateCore

@Suite("Proof-of-work challenges")
struct ChallengeSignerTests {
    let signer = ChallengeSigner(secret: Data(repeating: UInt8(ascii: "k"), count: 32))
    let now = Date(timeIntervalSince1970: 1_799_999_990)

    /// Signed with HMAC-SHA256 under 32 × "k" by an independent implementation (Python's hmac module).
    static let golden = "drop-42.1800000000.8.00112233445566778899aabbccddeeff.gYy3BwwCfudBjxRcXLlK2bOelHK-rdNUQ29Y52SOiXU"

    @Test("signs to the documented text format")
    func goldenFormat() throws {
        let issued = signer.issue(saleID: "drop-42", difficulty: 8, expiresAt: 1_800_000_000, id: "00112233445566778899aabbccddeeff")
        #expect(issued.text == Self.golden)
        let opened = try signer.open(Self.golden, saleID: "drop-42", now: now)
        #expect(opened == issued)
        #expect(opened.id == "00112233445566778899aabbccddeeff")
    }

    @Test("issues challenges with fresh ids that open again")
    func issueOpen() throws {
        let first = signer.issue(saleID: "a.b.c", difficulty: 3, now: now, lifetimeSeconds: 60)
        let second = signer.issue(saleID: "a.b.c", difficulty: 3, now: now, lifetimeSeconds: 60)
        #expect(first.id != second.id)
        #expect(first.expiresAt == 1_800_000_050)
        #expect(try signer.open(first.text, saleID: "a.b.c", now: now) == first)
    }

    @Test("verifies a solved challenge and returns its id")
    func verifySolved() throws {
        let challenge = signer.issue(saleID: "drop-42", difficulty: 10, now: now)
        let nonce = ProofOfWork.solve(challenge: challenge.text, difficulty: 10)
        let opened = try signer.verify(challenge: challenge.text, nonce: nonce, saleID: "drop-42", difficulty: 10, now: now)
        #expect(opened.id == challenge.id)
    }

    @Test("refuses a wrong or non-decimal nonce")
    func badNonce() throws {
        let challenge = signer.issue(saleID: "drop-42", difficulty: 12, now: now)
        let wrong = try #require((0...).lazy.map(String.init).first {
            !ProofOfWork.verify(challenge: challenge.text, nonce: $0, difficulty: 12)
        })
        #expect(throws: ProofOfWorkError.insufficientWork) {
            try signer.verify(challenge: challenge.text, nonce: wrong, saleID: "drop-42", difficulty: 12, now: now)
        }
        for text in ["", "12a", "-1", "1e3", String(repeating: "1", count: 21)] {
            #expect(throws: ProofOfWorkError.malformed) {
                try signer.verify(challenge: challenge.text, nonce: text, saleID: "drop-42", difficulty: 12, now: now)
            }
        }
    }

    @Test("refuses a challenge easier than the sale asks")
    func easierChallenge() {
        let easy = signer.issue(saleID: "drop-42", difficulty: 0, now: now)
        #expect(throws: ProofOfWorkError.insufficientWork) {
            try signer.verify(challenge: easy.text, nonce: "0", saleID: "drop-42", difficulty: 4, now: now)
        }
    }

    @Test("refuses forged, expired and foreign challenges")
    func refusals() {
        let easier = Self.golden.replacingOccurrences(of: ".8.", with: ".0.")
        #expect(throws: ProofOfWorkError.badSignature) { try signer.open(easier, saleID: "drop-42", now: now) }
        let otherKey = ChallengeSigner(secret: SymmetricKey(size: .bits256))
        #expect(throws: ProofOfWorkError.badSignature) { try signer.open(otherKey.issue(saleID: "drop-42", difficulty: 8, now: now).text, saleID: "drop-42", now: now) }
        #expect(throws: ProofOfWorkError.expired) {
            try signer.open(Self.golden, saleID: "drop-42", now: Date(timeIntervalSince1970: 1_800_000_000))
        }
        #expect(throws: ProofOfWorkError.wrongSale) { try signer.open(Self.golden, saleID: "drop-43", now: now) }
    }

    @Test("refuses malformed challenge text", arguments: [
        "", "drop-42", "drop-42.1800000000.8.00112233445566778899aabbccddeeff",
        "drop-42.18x0000000.8.00112233445566778899aabbccddeeff.gYy3BwwCfudBjxRcXLlK2bOelHK-rdNUQ29Y52SOiXU",
        "drop-42.1800000000.8.00112233445566778899AABBCCDDEEFF.gYy3BwwCfudBjxRcXLlK2bOelHK-rdNUQ29Y52SOiXU",
        "drop-42.1800000000.8.0011.gYy3BwwCfudBjxRcXLlK2bOelHK-rdNUQ29Y52SOiXU",
        "drop-42.1800000000.8.00112233445566778899aabbccddeeff.gYy3",
        "dr op.1800000000.8.00112233445566778899aabbccddeeff.gYy3BwwCfudBjxRcXLlK2bOelHK-rdNUQ29Y52SOiXU",
        ".1800000000.8.00112233445566778899aabbccddeeff.gYy3BwwCfudBjxRcXLlK2bOelHK-rdNUQ29Y52SOiXU",
        String(repeating: "a", count: 300) + ".1800000000.8.00112233445566778899aabbccddeeff.gYy3BwwCfudBjxRcXLlK2bOelHK-rdNUQ29Y52SOiXU",
    ])
    func malformed(text: String) {
        #expect(throws: ProofOfWorkError.malformed) { try signer.open(text, saleID: "drop-42", now: now) }
    }
}
