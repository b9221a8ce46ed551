import FloodgateCore
import FloodgateEngine
import Foundation
import NIOConcurrencyHelpers

/// The daemon's side of the bot defense: what it knows in memory about each sale (live policy,
/// held and revoked sessions, blocks, raised difficulties; refreshed a few times a second by
/// ``BotWarden``), so that status and checkout need no Redis call for it, and the scoring of
/// sessions from the evidence in Redis.
final class BotDefense: Sendable {
    let engine: SaleEngine
    let recorder = BotRecorder()
    private let sales = NIOLockedValueBox<[String: SaleBots]>([:])

    init(engine: SaleEngine) {
        self.engine = engine
    }

    /// One sale's bot-defense state as last read from Redis.
    struct SaleBots {
        var version = ""
        var policy: BotPolicy?
        var held: [String: UInt64] = [:]
        var revoked: Set<String> = []
        var blockedRanges: [AddressRange] = []
        var blockedFingerprints: Set<String> = []
        var raised: [String: Int] = [:]
    }

    /// The policy in force: the live one set through the admin API, else the sale definition's.
    func policy(_ definition: SaleDefinition) -> BotPolicy {
        sales.withLockedValue { $0[definition.id]?.policy } ?? definition.botPolicy
    }

    /// Whether the session was evicted, and whether it is held.
    func standing(saleID: String, userID: String) -> (revoked: Bool, held: Bool) {
        sales.withLockedValue { sales in
            guard let sale = sales[saleID] else { return (false, false) }
            return (sale.revoked.contains(userID), sale.held[userID] != nil)
        }
    }

    /// Extra proof-of-work bits for a client whose address or fingerprint was challenged.
    func extraBits(saleID: String, source: String, fingerprint: String) -> Int {
        sales.withLockedValue { sales in
            guard let raised = sales[saleID]?.raised else { return 0 }
            return max(raised["source:" + source] ?? 0, raised["fingerprint:" + fingerprint] ?? 0)
        }
    }

    /// Whether an operator blocked the address (or a range holding it) or the fingerprint.
    func isBlocked(saleID: String, source: String, fingerprint: String) -> Bool {
        let address = IPAddress(source)
        return sales.withLockedValue { sales in
            guard let sale = sales[saleID] else { return false }
            if sale.blockedFingerprints.contains(fingerprint) { return true }
            guard let address else { return false }
            return sale.blockedRanges.contains { $0.contains(address) }
        }
    }

    /// Reads the sale's state from Redis when it changed.
    func refresh(_ definition: SaleDefinition) async throws {
        let known = sales.withLockedValue { $0[definition.id]?.version } ?? ""
        guard let state = try await engine.botState(saleID: definition.id, version: known) else { return }
        var bots = SaleBots(version: state.version, held: state.held, revoked: state.revoked, raised: state.raised)
        if let json = state.policyJSON, let value = try? JSONParser.parse(Data(json.utf8)) {
            bots.policy = try? BotPolicy.parse(value)
        }
        for field in state.blocks.keys {
            if field.hasPrefix("source:"), let range = AddressRange(String(field.dropFirst(7))) { bots.blockedRanges.append(range) }
            if field.hasPrefix("fingerprint:") { bots.blockedFingerprints.insert(String(field.dropFirst(12))) }
        }
        sales.withLockedValue { $0[definition.id] = bots }
    }

    /// Held sessions whose position was unknown when they were held.
    func unplacedHolds(saleID: String) -> [String] {
        sales.withLockedValue { $0[saleID]?.held.filter { $0.value == 0 }.map(\.key) ?? [] }
    }

    /// Scores sessions and decides what the policy does with each.
    func decide(_ sessions: [BotSessionEvidence], view: SaleView) -> [BotDecision] {
        let policy = policy(view.definition)
        return sessions.compactMap { session in
            guard let origin = session.origin else { return nil }
            var evidence = session.evidence
            evidence.blocked = isBlocked(saleID: view.definition.id, source: origin.source, fingerprint: origin.fingerprint)
            let assessment = BotAssessment(evidence)
            var action = policy.action(for: assessment.score)
            if evidence.blocked { action = max(.hold, action ?? .hold) }
            return BotDecision(user: session.user, assessment: assessment, action: action,
                               position: view.position(of: origin.ticket) ?? 0, origin: origin)
        }
    }

    /// Applies decisions: scores and actions in one call, then the evictions (enforce mode), audited.
    func apply(_ decisions: [BotDecision], view: SaleView) async throws {
        let policy = policy(view.definition)
        let saleID = view.definition.id
        let outcome = try await engine.applyBotDecisions(saleID: saleID, policy: policy, decisions: decisions)
        for user in outcome.evict {
            let decision = decisions.first { $0.user == user }
            let score = ((decision?.assessment.score ?? 1) * 100).rounded() / 100
            let reason = "score=\(score) main=\(decision?.assessment.mainSignal?.rawValue ?? "-")"
            try await engine.evictBotSession(saleID: saleID, user: user, actor: "guard:bot-defense", reason: reason)
        }
    }
}
