import FloodgateCore
import FloodgateRedis
import Foundation

extension SaleEngine {
    /// Sessions or records per script call of the bot defense's batch work: Redis runs one
    /// script at a time, so a whole second's batch in one call (tens of milliseconds in a
    /// spike) would hold every shopper's reserve and commit behind it.
    public static let botBatchSize = 200

    /// Writes a daemon's batch of measurements, ``botBatchSize`` records per script call.
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived (nothing more is written).
    public func recordBotEvidence(saleID: String, records: [BotRecord]) async throws {
        let keys = SaleKeys(saleID: saleID)
        for chunk in records.chunks(of: Self.botBatchSize) {
            try await run(scripts.bots.record, keys: [BotKey.evidence, .dirty, .challenges, .badTokens].map(keys.bot) + [keys.control],
                          arguments: chunk.flatMap(\.arguments)).requireSale(saleID)
        }
    }

    /// Up to `count` sessions whose evidence changed since they were last scored (taken off the list).
    public func botSessionsToScore(saleID: String, count: Int) async throws -> [String] {
        return try strings(try await command(["SPOP", SaleKeys(saleID: saleID).bot(.dirty), String(count)]), "SPOP bot:dirty")
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

    /// Everything measured about `users`, read ``botBatchSize`` sessions per script call.
    public func botEvidence(saleID: String, users: [String]) async throws -> [BotSessionEvidence] {
        let keys = SaleKeys(saleID: saleID)
        var sessions: [BotSessionEvidence] = []
        for chunk in users.chunks(of: Self.botBatchSize) {
            let reply = try await run(scripts.bots.read, keys: [BotKey.sessions, .evidence, .sources, .subnets, .fingerprints, .challenges, .badTokens].map(keys.bot),
                                      arguments: Array(chunk))
            let values = try reply.strings(from: 0)
            guard values.count == chunk.count * 16 else { throw SaleEngineError.protocolDrift("bot_read: \(values.count) values for \(chunk.count) users") }
            sessions += try stride(from: 0, to: values.count, by: 16).map { try Self.sessionEvidence(Array(values[$0..<$0 + 16])) }
        }
        return sessions
    }

    /// One user's 16 values from `bot_read.lua`, which answers "0" for a figure never counted:
    /// anything not a number is ``SaleEngineError/protocolDrift(_:)``.
    private static func sessionEvidence(_ v: [String]) throws -> BotSessionEvidence {
        let what = "bot_read of \(v[0])"
        func int(_ index: Int) throws -> Int { try parse(v[index], what) { Int($0) } }
        func double(_ index: Int) throws -> Double { try parse(v[index], what) { Double($0).flatMap { $0.isFinite ? $0 : nil } } }
        let parts = v[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var origin: BotSessionOrigin?
        var evidence = BotEvidence()
        if parts.count == 5, let ticket = UInt64(parts[3]) {
            origin = BotSessionOrigin(source: parts[0], subnet: parts[1], fingerprint: parts[2], ticket: ticket)
            if let rate = Double(parts[4]), rate >= 0 { evidence.proofRate = rate }
        }
        evidence.polls = try int(2)
        evidence.earlyPolls = try int(3)
        evidence.gaps = try int(4)
        evidence.gapSum = try double(5)
        evidence.gapSquares = try double(6)
        evidence.reserveDelayMs = v[14] == "1" ? try int(7) : nil
        evidence.earlyCheckouts = try int(8)
        let fromSource = try int(9)
        evidence.sourceIdentities = fromSource
        evidence.subnetIdentities = max(0, try int(10) - fromSource)
        evidence.fingerprintIdentities = try int(11)
        evidence.unsolvedChallenges = max(0, try int(12) - fromSource)
        evidence.badTokens = try int(13)
        evidence.tokenMoves = try int(15)
        return BotSessionEvidence(user: v[0], origin: origin, evidence: evidence)
    }

    /// Stores scores and applies the policy's actions other than eviction, ``botBatchSize`` sessions per script call.
    /// - Returns: how many sessions were newly held, and the users the policy evicts (enforce mode).
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived (nothing is written).
    public func applyBotDecisions(saleID: String, policy: BotPolicy, decisions: [BotDecision]) async throws -> (held: Int, evict: [String]) {
        let keys = SaleKeys(saleID: saleID)
        var outcome: (held: Int, evict: [String]) = (0, [])
        for chunk in decisions.chunks(of: Self.botBatchSize) {
            var arguments = [policy.mode.rawValue, String(policy.flagThreshold), String(policy.challengeBits)]
            for decision in chunk {
                arguments += [decision.user, String(decision.assessment.score), decision.assessment.mainSignal?.rawValue ?? "-",
                              decision.action?.rawValue ?? "none", String(decision.position), decision.origin.source, decision.origin.fingerprint]
            }
            let reply = try await run(scripts.bots.act, keys: [BotKey.scores, .buckets, .top, .held, .stats, .raised, .flagged, .acted, .cleared, .revoked, .heldAt].map(keys.bot)
                                          + [keys.control], arguments: arguments)
            try reply.requireSale(saleID)
            outcome.held += try reply.integer(0)
            outcome.evict += try reply.strings(from: 1)
        }
        return outcome
    }

    /// Evicts a session: revokes its token and releases its live reservations, exactly once; audited.
    /// - Returns: the units released, nil when it was evicted already.
    @discardableResult
    public func evictBotSession(saleID: String, user: String, actor: String, reason: String) async throws -> Int? {
        let keys = SaleKeys(saleID: saleID)
        for _ in 0..<5 {
            // A user who never reserved has no list: no reservation to release.
            let ids = try strings(try await command(["LRANGE", keys.userReservations(user), "0", "-1"]), "LRANGE bot:ures")
            let list = ids.joined(separator: ",")
            let reply = try await run(scripts.bots.evict, keys: [keys.inventory, keys.heldUnits, keys.expiry, keys.ledger, keys.counters,
                                                                 keys.bot(.revoked), keys.bot(.held), keys.bot(.stats), keys.audit, keys.userReservations(user), keys.control]
                                          + ids.map(keys.reservation),
                                      arguments: [user, list, actor, reason, RFC3339.format(Date())])
            switch reply.code {
            case "evicted": return try reply.integer(1)
            case "already": return nil
            case "unknown_sale": throw SaleEngineError.unknownSale(saleID)
            default: continue
            }
        }
        throw SaleEngineError.redis("bot_evict: the reservations of \(user) kept changing")
    }

    /// Ends a session's hold (it solved a harder challenge at a browser's pace).
    /// - Returns: whether it was held.
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived (nothing is written).
    public func clearBotHold(saleID: String, user: String) async throws -> Bool {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.bots.unhold, keys: [BotKey.held, .stats, .cleared, .scores].map(keys.bot) + [keys.control], arguments: [user])
        try reply.requireSale(saleID)
        return try reply.integer(0) == 1
    }

    /// Blocks or unblocks `field` (`source:<range>` or `fingerprint:<fp>`), or sets the live policy; audited.
    /// - Returns: whether anything changed.
    @discardableResult
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived (nothing is written).
    public func changeBotDefense(saleID: String, operation: String, value: String, actor: String) async throws -> Bool {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.bots.change, keys: [keys.bot(.blocks), keys.bot(.stats), keys.audit, keys.bot(.policy), keys.control],
                                  arguments: [operation, value, actor, RFC3339.format(Date())])
        try reply.requireSale(saleID)
        return try reply.integer(1) == 1
    }
}
