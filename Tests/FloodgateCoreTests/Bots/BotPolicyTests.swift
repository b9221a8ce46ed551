import FloodgateCore
import Foundation
import Testing

@Suite("Bot policy")
struct BotPolicyTests {
    @Test("defaults: dry run, log 0.3, challenge 0.5, hold 0.7, evict 0.95")
    func defaults() throws {
        let definition = try SaleDefinition.parse(json: Data(#"{"id":"s","skus":[{"sku":"a","stock":1}]}"#.utf8), now: Date())
        #expect(definition.botPolicy.mode == .observe)
        #expect(definition.botPolicy.action(for: 0.2) == nil)
        #expect(definition.botPolicy.action(for: 0.3) == .log)
        #expect(definition.botPolicy.action(for: 0.6) == .challenge)
        #expect(definition.botPolicy.action(for: 0.8) == .hold)
        #expect(definition.botPolicy.action(for: 0.99) == .evict)
        #expect(definition.botPolicy.flagThreshold == 0.7)
    }

    @Test("a policy in a sale definition round-trips; null turns an action off")
    func roundTrip() throws {
        let json = #"{"id":"s","skus":[{"sku":"a","stock":1}],"bot_policy":{"mode":"enforce","hold_at":0.6,"evict_at":null,"challenge_bits":6}}"#
        let definition = try SaleDefinition.parse(json: Data(json.utf8), now: Date())
        #expect(definition.botPolicy.mode == .enforce)
        #expect(definition.botPolicy.thresholds[.evict] == nil)
        #expect(definition.botPolicy.action(for: 0.99) == .hold)
        let again = try SaleDefinition.parse(json: JSONEncoder().encode(definition), now: Date())
        #expect(again == definition)
    }

    @Test("every problem of a bad policy is listed")
    func problems() {
        let json = #"{"id":"s","skus":[{"sku":"a","stock":1}],"bot_policy":{"mode":"panic","hold_at":1.5,"challenge_at":0.8,"evict_at":0.5,"challenge_bits":0,"speed":1}}"#
        #expect {
            try SaleDefinition.parse(json: Data(json.utf8), now: Date())
        } throws: { error in
            let fields = Set((error as? SaleDefinitionError)?.problems.map(\.field) ?? [])
            return fields == ["bot_policy.mode", "bot_policy.hold_at", "bot_policy.evict_at", "bot_policy.challenge_bits", "bot_policy.speed"]
        }
    }

    @Test("challenges carry their issue time")
    func challengeTime() {
        let signer = ChallengeSigner(secret: Data(repeating: 7, count: 32))
        let now = Date(timeIntervalSince1970: 1_800_000_000.123)
        let challenge = signer.issue(saleID: "s", difficulty: 4, now: now)
        #expect(challenge.issuedAtMs == 1_800_000_000_123)
        #expect(challenge.id.count == 32)
    }
}
