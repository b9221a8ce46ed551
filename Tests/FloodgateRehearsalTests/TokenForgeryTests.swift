import FloodgateCore
import Foundation
import Testing

@testable import FloodgateRehearsal

@Suite("Forged tokens are real forgeries: the daemon's own signer refuses every one")
struct TokenForgeryTests {
    static let signer = TokenSigner(secret: Data(repeating: 7, count: 32))
    static let now: Int64 = 1_800_000_000

    static func token(_ user: String, ticket: UInt64) -> String {
        signer.sign(QueueToken(userID: user, saleID: "drop-1", ticket: ticket, issuedAt: now, expiresAt: now + 3_600)!)
    }

    @Test("a token's parts are read and written back unchanged")
    func roundTrip() throws {
        let token = Self.token("alice", ticket: 42)
        let parts = try #require(TokenParts(token))
        #expect(parts.ticket == 42 && parts.userID == "alice" && parts.saleID == "drop-1" && parts.expiresAt == Self.now + 3_600)
        #expect(parts.text == token)
        #expect(TokenParts("v2.abc.def") == nil)
    }

    @Test("base64url both ways, for every length")
    func base64URL() {
        for length in 0...9 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 250) }
            #expect(TokenParts.decode(TokenParts.encode(bytes)) == bytes)
        }
        #expect(TokenParts.decode("ab+/") == nil)
        #expect(TokenParts.decode("abcde") == nil)
    }

    @Test("every variant, with and without the daemons' key", arguments: [true, false])
    func refused(withKey: Bool) throws {
        let genuine = Self.token("alice", ticket: 42)
        let forgeries = ForgedTokens.make(from: genuine, other: Self.token("bob", ticket: 7), signer: withKey ? Self.signer : nil, now: Self.now)
        #expect(Set(forgeries.map(\.0)) == Set(ForgeryVariant.allCases))
        let clock = Date(timeIntervalSince1970: TimeInterval(Self.now))
        for (variant, token) in forgeries {
            let outcome = Result { try Self.signer.verify(token, saleID: "drop-1", now: clock) }
            switch (variant, withKey) {
            case (.expired, true):
                #expect(throws: TokenError.expired) { try outcome.get() }
            case (.foreignSale, true):
                #expect(throws: TokenError.foreign) { try outcome.get() }
            case (.malformed, _):
                #expect(throws: TokenError.malformed) { try outcome.get() }
            default:
                #expect(throws: TokenError.badSignature, "\(variant)") { try outcome.get() }
            }
        }
    }
}
