import FloodgateCore
import FloodgateRedis
import Foundation

extension SaleEngine {
    /// Remembers a new registration's origin and counts identities per address, subnet and fingerprint.
    /// - Returns: the identities from its address, its subnet and with its fingerprint, itself included.
    public func recordBotRegistration(saleID: String, user: String, origin: BotSessionOrigin, proofRate: Double?, ttlMs: Int64) async throws -> (source: Int, subnet: Int, fingerprint: Int) {
        let keys = SaleKeys(saleID: saleID)
        let rate = proofRate.map { String(Int64($0)) } ?? "-1"
        let reply = try await run(scripts.bots.register, keys: [BotKey.sessions, .sources, .subnets, .fingerprints, .dirty].map(keys.bot),
                                  arguments: [user, origin.source, origin.subnet, origin.fingerprint, String(origin.ticket), rate, String(ttlMs)])
        return (try reply.integer(0), try reply.integer(1), try reply.integer(2))
    }

    /// Writes a daemon's batch of measurements in one script call.
    public func recordBotEvidence(saleID: String, records: [BotRecord], ttlMs: Int64) async throws {
        guard !records.isEmpty else { return }
        let keys = SaleKeys(saleID: saleID)
        _ = try await run(scripts.bots.record, keys: [BotKey.evidence, .dirty, .challenges, .badTokens, .reservations].map(keys.bot),
                          arguments: [String(ttlMs)] + records.flatMap(\.arguments))
    }

    /// Up to `count` sessions whose evidence changed since they were last scored (taken off the list).
    public func botSessionsToScore(saleID: String, count: Int) async throws -> [String] {
        let reply = try await command(["SPOP", SaleKeys(saleID: saleID).bot(.dirty), String(count)])
        return reply.array?.compactMap(\.string) ?? []
    }

    /// The next page of every registered session, for rescoring as crowds grow.
    /// - Returns: the users and the cursor for the next page ("0" when the round is over).
    public func botSessionsPage(saleID: String, cursor: String, count: Int) async throws -> (users: [String], cursor: String) {
        let reply = try await command(["HSCAN", SaleKeys(saleID: saleID).bot(.sessions), cursor, "COUNT", String(count)])
        guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let items = parts[1].array else {
            throw SaleEngineError.protocolDrift("HSCAN: unexpected reply \(reply)")
        }
        return (stride(from: 0, to: items.count, by: 2).compactMap { items[$0].string }, next)
    }

    /// Everything measured about `users`.
    public func botEvidence(saleID: String, users: [String]) async throws -> [BotSessionEvidence] {
        guard !users.isEmpty else { return [] }
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.bots.read, keys: [BotKey.sessions, .evidence, .sources, .subnets, .fingerprints, .challenges, .badTokens].map(keys.bot),
                                  arguments: users)
        let values = try reply.strings(from: 0)
        guard values.count == users.count * 15 else { throw SaleEngineError.protocolDrift("bot_read: \(values.count) values for \(users.count) users") }
        return stride(from: 0, to: values.count, by: 15).map { Self.sessionEvidence(Array(values[$0..<$0 + 15])) }
    }

    private static func sessionEvidence(_ v: [String]) -> BotSessionEvidence {
        let parts = v[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var origin: BotSessionOrigin?
        var evidence = BotEvidence()
        if parts.count == 5, let ticket = UInt64(parts[3]) {
            origin = BotSessionOrigin(source: parts[0], subnet: parts[1], fingerprint: parts[2], ticket: ticket)
            if let rate = Double(parts[4]), rate >= 0 { evidence.proofRate = rate }
        }
        evidence.polls = Int(v[2]) ?? 0
        evidence.earlyPolls = Int(v[3]) ?? 0
        evidence.gaps = Int(v[4]) ?? 0
        evidence.gapSum = Double(v[5]) ?? 0
        evidence.gapSquares = Double(v[6]) ?? 0
        evidence.reserveDelayMs = v[14] == "1" ? Int(v[7]) : nil
        evidence.earlyCheckouts = Int(v[8]) ?? 0
        let fromSource = Int(v[9]) ?? 0
        evidence.sourceIdentities = fromSource
        evidence.subnetIdentities = max(0, (Int(v[10]) ?? 0) - fromSource)
        evidence.fingerprintIdentities = Int(v[11]) ?? 0
        evidence.unsolvedChallenges = max(0, (Int(v[12]) ?? 0) - fromSource)
        evidence.badTokens = Int(v[13]) ?? 0
        return BotSessionEvidence(user: v[0], origin: origin, evidence: evidence)
    }

    /// Stores scores and applies the policy's actions other than eviction.
    /// - Returns: how many sessions were newly held, and the users the policy evicts (enforce mode).
    public func applyBotDecisions(saleID: String, policy: BotPolicy, decisions: [BotDecision], ttlMs: Int64) async throws -> (held: Int, evict: [String]) {
        guard !decisions.isEmpty else { return (0, []) }
        let keys = SaleKeys(saleID: saleID)
        var arguments = [policy.mode.rawValue, String(policy.flagThreshold), String(policy.challengeBits), String(ttlMs)]
        for decision in decisions {
            arguments += [decision.user, String(decision.assessment.score), decision.assessment.mainSignal?.rawValue ?? "-",
                          decision.action?.rawValue ?? "none", String(decision.position), decision.origin.source, decision.origin.fingerprint]
        }
        let reply = try await run(scripts.bots.act, keys: [BotKey.scores, .buckets, .top, .held, .stats, .raised, .flagged, .acted, .cleared, .revoked, .heldAt].map(keys.bot),
                                  arguments: arguments)
        return (try reply.integer(0), try reply.strings(from: 1))
    }

    /// Evicts a session: revokes its token and releases its live reservations, exactly once; audited.
    /// - Returns: the units released, nil when it was evicted already.
    @discardableResult
    public func evictBotSession(saleID: String, user: String, actor: String, reason: String) async throws -> Int? {
        let keys = SaleKeys(saleID: saleID)
        for _ in 0..<5 {
            let list = try await command(["HGET", keys.bot(.reservations), user]).string ?? ""
            let ids = list.split(separator: ",").map(String.init)
            let reply = try await run(scripts.bots.evict, keys: [keys.inventory, keys.heldUnits, keys.expiry, keys.ledger, keys.counters,
                                                                 keys.bot(.revoked), keys.bot(.held), keys.bot(.stats), keys.audit, keys.bot(.reservations)]
                                          + ids.map(keys.reservation),
                                      arguments: [user, list, actor, reason, RFC3339.format(Date())])
            switch reply.code {
            case "evicted": return try reply.integer(1)
            case "already": return nil
            default: continue
            }
        }
        throw SaleEngineError.redis("bot_evict: the reservations of \(user) kept changing")
    }

    /// Ends a session's hold (it solved a harder challenge at a browser's pace).
    /// - Returns: whether it was held.
    public func clearBotHold(saleID: String, user: String) async throws -> Bool {
        let keys = SaleKeys(saleID: saleID)
        return try await run(scripts.bots.unhold, keys: [BotKey.held, .stats, .cleared, .scores].map(keys.bot), arguments: [user]).integer(0) == 1
    }

    /// Blocks or unblocks `field` (`source:<range>` or `fingerprint:<fp>`), or sets the live policy; audited.
    /// - Returns: whether anything changed.
    @discardableResult
    public func changeBotDefense(saleID: String, operation: String, value: String, actor: String, ttlMs: Int64) async throws -> Bool {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.bots.change, keys: [keys.bot(.blocks), keys.bot(.stats), keys.audit, keys.bot(.policy)],
                                  arguments: [operation, value, actor, RFC3339.format(Date()), String(ttlMs)])
        return try reply.integer(1) == 1
    }
}
