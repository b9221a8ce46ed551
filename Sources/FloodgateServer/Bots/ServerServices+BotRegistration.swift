import FloodgateCore
import FloodgateEngine
import Foundation
import Hummingbird

/// Who is registering, as the bot defense sees it.
struct BotClient: Sendable {
    let source: String
    let fingerprint: String
    /// Proof-of-work bits asked on top of the sale's.
    let extraBits: Int
}

/// The bot defense at registration.
extension ServerServices {
    /// The registering client; refused when an operator blocked its address or fingerprint.
    /// - Throws: ``FloodgateCore/APIError`` 403 `blocked`.
    func botClient(_ request: Request, source: String, saleID: String, fingerprintField: String?) throws -> BotClient {
        let fingerprint = ClientFingerprint.of(request, field: fingerprintField)
        if bots.isBlocked(saleID: saleID, source: source, fingerprint: fingerprint) { throw APIError.blocked() }
        return BotClient(source: source, fingerprint: fingerprint, extraBits: bots.extraBits(saleID: saleID, source: source, fingerprint: fingerprint))
    }

    /// Hashes per second a proof of work implies: (nonce + 1) over the time from issuing the
    /// challenge to receiving the solution, measured here.
    static func proofRate(_ challenge: Challenge, nonce: String, nowMs: Int64) -> Double {
        let elapsedMs = max(1, nowMs - challenge.issuedAtMs)
        return ((Double(nonce) ?? 0) + 1) / Double(elapsedMs) * 1000
    }

    /// Where a registration comes from, for the bot defense to record with it.
    func registrationOrigin(_ client: BotClient, proof: (Challenge, String)?) -> RegistrationOrigin {
        let rate = proof.map { Self.proofRate($0.0, nonce: $0.1, nowMs: Int64(Date().timeIntervalSince1970 * 1000)) }
        return RegistrationOrigin(source: client.source, subnet: IPAddress(client.source)?.subnet ?? client.source,
                                  fingerprint: client.fingerprint, proofRate: rate)
    }

    /// Scores a registration at once (proof-of-work pace, crowds, blocks) from what
    /// ``SaleEngine/register(saleID:userID:challengeID:challengeLifetimeMs:origin:)`` recorded, so
    /// a bot can be held before admission reaches it. Only an enforced action that changes what
    /// the session or its address meets (a harder challenge, a hold, an eviction) is applied
    /// here; a score that only records (log, or any action in observe mode) is left to the
    /// warden's next round, which scores every session registered since (`register.lua` marks
    /// it), so a registration costs one Redis call unless the bot defense must act on it. A held
    /// session that solved a harder challenge at a browser's pace is released.
    /// - Returns: whether the session is held now.
    func botRegistered(_ sale: SaleView, userID: String, registration: Registration, origin: RegistrationOrigin, proof: (Challenge, String)?) async throws -> Bool {
        let saleID = sale.definition.id
        let policy = bots.policy(sale.definition)
        guard let crowd = registration.crowd else {
            let held = bots.standing(saleID: saleID, userID: userID).held
            guard held, let proof, let rate = origin.proofRate, proof.0.difficulty >= sale.definition.powDifficulty + policy.challengeBits, rate < 1_000_000 else { return held }
            let cleared = try await engine.clearBotHold(saleID: saleID, user: userID)
            return !cleared
        }
        guard policy.mode == .enforce else { return false }
        let session = BotSessionOrigin(source: origin.source, subnet: origin.subnet, fingerprint: origin.fingerprint, ticket: registration.ticket)
        var evidence = BotEvidence()
        evidence.proofRate = origin.proofRate
        evidence.sourceIdentities = crowd.source
        evidence.subnetIdentities = max(0, crowd.subnet - crowd.source)
        evidence.fingerprintIdentities = crowd.fingerprint
        let decisions = bots.decide([BotSessionEvidence(user: userID, origin: session, evidence: evidence)], view: sale)
        guard let action = decisions.first?.action, action >= .challenge else { return false }
        try await bots.apply(decisions, view: sale)
        return action >= .hold
    }
}
