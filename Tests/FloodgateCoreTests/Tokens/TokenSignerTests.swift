import Crypto
import Foundation
import Testing

@testable import FloodgateCore

@Suite("Queue tokens")
struct TokenSignerTests {
    let signer = TokenSigner(secret: Data(repeating: UInt8(ascii: "k"), count: 32))
    let token = QueueToken(userID: "alice", saleID: "drop-42", ticket: 7, issuedAt: 1_700_000_000, expiresAt: 1_700_003_600)!
    let before = Date(timeIntervalSince1970: 1_700_000_100)

    /// Signed with HMAC-SHA256 under 32 × "k" by an independent implementation (Python's hmac module).
    static let golden = "v1.AAAAAAAAAAcAAAAAZVPxAAAAAABlU_8QB2Ryb3AtNDIFYWxpY2U.M3WO-PWE6EsLGcuPLLnFQH-V0TsQXvquWdvQH5nL5bw"

    @Test("signs to the documented wire format")
    func goldenFormat() throws {
        #expect(signer.sign(token) == Self.golden)
        #expect(try signer.verify(Self.golden, now: before) == token)
    }

    @Test("round-trips every field, including unicode user ids and extreme numbers")
    func roundTrips() throws {
        let user = String(repeating: "é", count: 64)
        let extreme = try #require(QueueToken(userID: user, saleID: "s.1", ticket: .max, issuedAt: -5, expiresAt: .max))
        #expect(try signer.verify(signer.sign(extreme), now: before) == extreme)
    }

    @Test("refuses a token signed with another key")
    func otherKey() {
        let other = TokenSigner(secret: SymmetricKey(size: .bits256))
        #expect(throws: TokenError.badSignature) { try signer.verify(other.sign(token), now: before) }
    }

    @Test("refuses an altered payload or signature")
    func tampered() throws {
        let parts = Self.golden.split(separator: ".").map(String.init)
        let forged = try #require(QueueToken(userID: "alice", saleID: "drop-42", ticket: 1, issuedAt: 1_700_000_000, expiresAt: 1_700_003_600))
        let swappedPayload = "v1.\(Base64URL.encode(forged.payload)).\(parts[2])"
        #expect(throws: TokenError.badSignature) { try signer.verify(swappedPayload, now: before) }
        var signature = Array(parts[2].utf8)
        signature[0] = signature[0] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let alteredSignature = "v1.\(parts[1]).\(String(decoding: signature, as: UTF8.self))"
        #expect(throws: TokenError.badSignature) { try signer.verify(alteredSignature, now: before) }
    }

    @Test("refuses a correctly signed payload that does not decode")
    func signedGarbage() {
        let key = SymmetricKey(data: Data(repeating: UInt8(ascii: "k"), count: 32))
        let signed = "v1." + Base64URL.encode([1, 2, 3])
        let mac = HMAC<SHA256>.authenticationCode(for: Data(signed.utf8), using: key)
        #expect(throws: TokenError.malformed) { try signer.verify(signed + "." + Base64URL.encode(mac), now: before) }
    }

    @Test("expires from its expiresAt second on")
    func expiry() throws {
        #expect(try signer.verify(Self.golden, now: Date(timeIntervalSince1970: 1_700_003_599.9)) == token)
        #expect(throws: TokenError.expired) { try signer.verify(Self.golden, now: Date(timeIntervalSince1970: 1_700_003_600)) }
    }

    @Test("refuses a token of another sale or user", arguments: [
        ("drop-43", "alice"), ("drop-42", "bob"), ("DROP-42", nil),
    ] as [(String, String?)])
    func foreign(saleID: String, userID: String?) {
        #expect(throws: TokenError.foreign) { try signer.verify(Self.golden, saleID: saleID, userID: userID, now: before) }
    }

    @Test("accepts its own sale and user")
    func owner() throws {
        #expect(try signer.verify(Self.golden, saleID: "drop-42", userID: "alice", now: before) == token)
        #expect(try signer.verify(Self.golden, saleID: "drop-42", now: before) == token)
    }

    @Test("refuses malformed text", arguments: [
        "", "v1", "v1.", "v1..", "v2.AAAA.AAAA", "Bearer v1.x.y", "v1.AAAA", "v1.A.\(String(repeating: "A", count: 43))",
        golden + "=", golden + ".x", " " + golden, "v1.!!!!.\(golden.split(separator: ".")[2])", String(golden.dropLast()),
    ])
    func malformed(text: String) {
        #expect(throws: TokenError.malformed) { try signer.verify(text, now: before) }
    }

    @Test("refuses text over 1 KiB before any work")
    func oversized() {
        let padded = "v1." + String(repeating: "A", count: 1022)
        #expect(padded.utf8.count == 1025)
        #expect(throws: TokenError.malformed) { try signer.verify(padded, now: before) }
    }

    @Test("refuses ids a token cannot carry", arguments: [
        ("", "s"), (String(repeating: "u", count: 129), "s"), ("a\u{7}b", "s"), ("u", ""), ("u", "a:b"),
    ])
    func invalidIDs(userID: String, saleID: String) {
        #expect(QueueToken(userID: userID, saleID: saleID, ticket: 1, issuedAt: 0, expiresAt: 1) == nil)
    }
}
