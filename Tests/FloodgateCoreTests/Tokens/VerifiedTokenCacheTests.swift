import Crypto
import Foundation
import Testing

@testable import FloodgateCore

@Suite("Verified tokens kept by their text")
struct VerifiedTokenCacheTests {
    let token = QueueToken(userID: "alice", saleID: "drop-42", ticket: 7, issuedAt: 1_700_000_000, expiresAt: 1_700_003_600)!
    let before = Date(timeIntervalSince1970: 1_700_000_100)
    let after = Date(timeIntervalSince1970: 1_700_003_600)

    @Test("a token signed or verified once is kept; the kept token still expires on time")
    func keptAndExpiring() throws {
        let cache = VerifiedTokenCache()
        let signer = TokenSigner(secret: SymmetricKey(size: .bits256), cache: cache)
        let text = signer.sign(token)
        #expect(cache.token(for: text) == token)
        #expect(try signer.verify(text, now: before) == token)
        #expect(throws: TokenError.expired) { try signer.verify(text, now: after) }

        let verifier = VerifiedTokenCache()
        let other = TokenSigner(secret: SymmetricKey(size: .bits256), cache: verifier)
        let foreign = TokenSigner(secret: SymmetricKey(size: .bits256)).sign(token)
        #expect(throws: TokenError.badSignature) { try other.verify(foreign, now: before) }
        #expect(verifier.count == 0, "a token that failed its check is never kept")
    }

    @Test("a text that differs from a kept one in its last character (same hash bucket) is checked, not taken")
    func nearMiss() throws {
        let cache = VerifiedTokenCache()
        let signer = TokenSigner(secret: SymmetricKey(size: .bits256), cache: cache)
        let text = signer.sign(token)
        var bytes = Array(text.utf8)
        bytes[bytes.count - 9] = bytes[bytes.count - 9] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let altered = String(decoding: bytes, as: UTF8.self)
        #expect(cache.token(for: altered) == nil)
        #expect(throws: TokenError.self) { try signer.verify(altered, now: before) }
    }

    @Test("memory is bounded: past its capacity the oldest tokens go, the ones in use stay")
    func bounded() throws {
        let cache = VerifiedTokenCache(capacity: 320)
        let signer = TokenSigner(secret: SymmetricKey(size: .bits256), cache: cache)
        let texts = (0..<2_000).map { index in
            signer.sign(QueueToken(userID: "u\(index)", saleID: "drop-42", ticket: UInt64(index), issuedAt: 0, expiresAt: .max)!)
        }
        #expect(cache.count <= 320)
        #expect(cache.token(for: texts[0]) == nil)
        let recent = texts.suffix(20).filter { cache.token(for: $0) != nil }.count
        #expect(recent == 20)
        // An evicted token is verified again in full, and kept again.
        #expect(try signer.verify(texts[0], now: before).ticket == 0)
        #expect(cache.token(for: texts[0]) != nil)
    }
}
