import Crypto
import Foundation
import Testing

@testable import FloodgateCore

@Suite("Token binding: where a queue token was issued")
struct TokenBindingTests {
    let signer = TokenSigner(secret: Data(repeating: UInt8(ascii: "k"), count: 32))
    let before = Date(timeIntervalSince1970: 1_700_000_100)

    func binding(_ address: String, _ agent: String = "Firefox\nfr-CH") -> TokenBinding {
        TokenBinding(address: IPAddress(address), agent: agent)
    }

    @Test("a bound token round-trips its binding; an unbound one reads as before")
    func roundTrip() throws {
        let bound = try #require(QueueToken(userID: "alice", saleID: "drop-42", ticket: 7, issuedAt: 1_700_000_000, expiresAt: 1_700_003_600,
                                            binding: binding("198.51.100.7")))
        let read = try signer.verify(signer.sign(bound), now: before)
        #expect(read == bound && read.binding == binding("198.51.100.7"))
        let unbound = try #require(QueueToken(userID: "alice", saleID: "drop-42", ticket: 7, issuedAt: 1_700_000_000, expiresAt: 1_700_003_600))
        #expect(try signer.verify(signer.sign(unbound), now: before).binding == nil)
    }

    @Test("a payload with a cut binding is malformed, even when signed")
    func cutBinding() throws {
        let bound = try #require(QueueToken(userID: "a", saleID: "s", ticket: 1, issuedAt: 0, expiresAt: .max, binding: binding("10.0.0.1")))
        let payload = Array(bound.payload.dropLast(3))
        let key = SymmetricKey(data: Data(repeating: UInt8(ascii: "k"), count: 32))
        let signed = "v1." + Base64URL.encode(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(signed.utf8), using: key)
        #expect(throws: TokenError.malformed) { try signer.verify(signed + "." + Base64URL.encode(Array(mac)), now: before) }
    }

    @Test("drift: the same /24 is no move, another /24 or /64 is a subnet move, another agent a client move")
    func drift() {
        let issued = binding("198.51.100.7")
        #expect(issued.drift(to: binding("198.51.100.200")).isEmpty)
        #expect(issued.drift(to: binding("203.0.113.7")) == .subnet)
        #expect(issued.drift(to: binding("198.51.100.7", "curl/8.5\n")) == .agent)
        #expect(issued.drift(to: binding("203.0.113.7", "curl/8.5\n")) == [.subnet, .agent])
        #expect(binding("2001:db8:1:2::1").drift(to: binding("2001:db8:1:2:ffff::9")).isEmpty)
        #expect(binding("2001:db8:1:2::1").drift(to: binding("2001:db8:1:3::1")) == .subnet)
        // An unknown address on either side is not a move.
        #expect(TokenBinding(address: nil, agent: "x").drift(to: binding("203.0.113.7", "x")).isEmpty)
    }

    @Test("moved_token: another subnet alone is a log, never a hold; another client too is stronger; explained")
    func signal() {
        let policy = BotPolicy()
        var evidence = BotEvidence()
        evidence.tokenMoves = TokenBinding.Drift.subnet.rawValue
        let subnet = BotAssessment(evidence)
        #expect(abs(subnet.score - 0.30) < 1e-9 && subnet.mainSignal == .movedToken)
        #expect(policy.action(for: subnet.score) == .log)
        evidence.tokenMoves = TokenBinding.Drift.agent.rawValue
        #expect(abs(BotAssessment(evidence).score - 0.48) < 1e-9)
        evidence.tokenMoves = TokenBinding.Drift([.subnet, .agent]).rawValue
        let both = BotAssessment(evidence)
        #expect(abs(both.score - 0.60) < 1e-9)
        #expect(policy.action(for: both.score)! < .hold)
        // With more evidence it only rises.
        evidence.earlyPolls = 2
        #expect(BotAssessment(evidence).score > both.score)
    }
}
