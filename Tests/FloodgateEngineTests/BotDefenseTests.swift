import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import Foundation
import Testing

@Suite("Bot defense in Redis: evidence, holds, evictions, blocks, dry run")
struct BotDefenseTests {

    static func origin(_ ticket: UInt64, source: String = "203.0.113.9") -> BotSessionOrigin {
        BotSessionOrigin(source: source, subnet: IPAddress(source)!.subnet, fingerprint: "00000000000000aa", ticket: ticket)
    }

    /// Registers `user` with its origin recorded for the bot defense.
    static func register(_ engine: SaleEngine, _ user: String, source: String = "203.0.113.9", proofRate: Double? = nil) async throws -> Registration {
        let origin = RegistrationOrigin(source: source, subnet: IPAddress(source)!.subnet, fingerprint: "00000000000000aa", proofRate: proofRate)
        return try await engine.register(saleID: "drop-1", userID: user, challengeID: nil, challengeLifetimeMs: 0, origin: origin)
    }

    static func decision(_ user: String, ticket: UInt64, score: Double, policy: BotPolicy) -> BotDecision {
        let assessment = BotAssessment(probabilities: [.earlyPolls: score])
        return BotDecision(user: user, assessment: assessment, action: policy.action(for: assessment.score), position: ticket, origin: origin(ticket))
    }

    static var enforcing: BotPolicy {
        var policy = BotPolicy()
        policy.mode = .enforce
        return policy
    }

    @Test("registrations count identities per address, subnet and fingerprint; batched polls come back as evidence")
    func evidence() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale())
            _ = try await Self.register(engine, "a", proofRate: 9e6)
            let b = try await Self.register(engine, "b", source: "203.0.113.10")
            #expect(b.crowd == BotCrowd(source: 1, subnet: 2, fingerprint: 2))
            let again = try await Self.register(engine, "b", source: "203.0.113.10")
            #expect(again.crowd == nil && again.ticket == b.ticket, "registering again records nothing more")
            let unrecorded = try await engine.register(saleID: "drop-1", userID: "c", challengeID: nil, challengeLifetimeMs: 0)
            #expect(unrecorded.crowd == nil)
            try await engine.recordBotEvidence(saleID: "drop-1", records: [
                .polls(user: "a", count: 5, early: 4, gaps: 4, gapSum: 400, gapSquares: 40_000),
                .reserve(user: "a", delayMs: 3), .earlyCheckout(user: "a", count: 2), .challenges(source: "203.0.113.9", count: 20),
            ])
            let changed = try await engine.botSessionsToScore(saleID: "drop-1", count: 10)
            #expect(Set(changed) == ["a", "b"])
            let a = try #require(try await engine.botEvidence(saleID: "drop-1", users: ["a"]).first)
            #expect(a.origin?.ticket == 1 && a.evidence.proofRate == 9e6 && a.evidence.earlyPolls == 4 && a.evidence.reserveDelayMs == 3)
            #expect(a.evidence.subnetIdentities == 1 && a.evidence.unsolvedChallenges == 19 && a.evidence.earlyCheckouts == 2)
            #expect(BotAssessment(a.evidence).score > 0.95)
        }
    }

    @Test("batches larger than one script call's share go in several calls: every record applied, every session read in order, every decision stored")
    func batchesSpanSeveralCalls() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale())
            let users = (1...(2 * SaleEngine.botBatchSize + 50)).map { "u\($0)" }
            try await engine.recordBotEvidence(saleID: "drop-1", records: users.map {
                .polls(user: $0, count: Int($0.dropFirst())!, early: 0, gaps: 0, gapSum: 0, gapSquares: 0)
            })
            let sessions = try await engine.botEvidence(saleID: "drop-1", users: users)
            #expect(sessions.map(\.user) == users)
            #expect(sessions.map(\.evidence.polls) == users.map { Int($0.dropFirst())! })
            let decisions = users.enumerated().map { Self.decision($1, ticket: UInt64($0 + 1), score: 0.99, policy: Self.enforcing) }
            let outcome = try await engine.applyBotDecisions(saleID: "drop-1", policy: Self.enforcing, decisions: decisions)
            #expect(outcome.evict == users)
        }
    }

    @Test("a token used from elsewhere is kept as its widest move, and marks the session for scoring only when it widens")
    func tokenMoved() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale())
            _ = try await Self.register(engine, "phone")
            _ = try await engine.botSessionsToScore(saleID: "drop-1", count: 10)
            try await engine.recordBotEvidence(saleID: "drop-1", records: [.tokenMoved(user: "phone", drift: 1)])
            #expect(try await engine.botSessionsToScore(saleID: "drop-1", count: 10) == ["phone"])
            var phone = try #require(try await engine.botEvidence(saleID: "drop-1", users: ["phone"]).first)
            #expect(phone.evidence.tokenMoves == 1)
            #expect(BotAssessment(phone.evidence).mainSignal == .movedToken && BotAssessment(phone.evidence).score < BotPolicy().flagThreshold)
            // The same move again changes nothing; another client widens it to both.
            try await engine.recordBotEvidence(saleID: "drop-1", records: [.tokenMoved(user: "phone", drift: 1)])
            #expect(try await engine.botSessionsToScore(saleID: "drop-1", count: 10).isEmpty)
            try await engine.recordBotEvidence(saleID: "drop-1", records: [.tokenMoved(user: "phone", drift: 2)])
            phone = try #require(try await engine.botEvidence(saleID: "drop-1", users: ["phone"]).first)
            #expect(phone.evidence.tokenMoves == 3)
            #expect(try await engine.botEvidence(saleID: "drop-1", users: ["nobody"]).first?.evidence.tokenMoves == 0)
        }
    }

    @Test("a held session is skipped by admission and refused at reserve; it costs no stock")
    func hold() async throws {
        try await EngineHarness.with { engine, _ in
            var sale = EngineHarness.sale(stock: 1, rate: 100_000)
            sale.admissionFactor = 1
            try await engine.create(sale)
            for user in ["bot", "human"] {
                _ = try await engine.register(saleID: "drop-1", userID: user, challengeID: nil, challengeLifetimeMs: 0)
            }
            let outcome = try await engine.applyBotDecisions(saleID: "drop-1", policy: Self.enforcing,
                                                             decisions: [Self.decision("bot", ticket: 1, score: 0.8, policy: Self.enforcing)])
            #expect(outcome.held == 1 && outcome.evict.isEmpty)
            try await Task.sleep(for: .milliseconds(30))
            let clock = try await engine.tick(saleID: "drop-1")
            #expect(clock.admittedThrough == 2, "one unit, factor 1: the human is admitted past the held bot")
            await #expect(throws: SaleEngineError.notAdmitted) {
                try await engine.reserve(saleID: "drop-1", userID: "bot", position: 1, sku: "A", qty: 1)
            }
            _ = try await engine.reserve(saleID: "drop-1", userID: "human", position: 2, sku: "A", qty: 1)
            #expect(try await engine.botState(saleID: "drop-1", version: "")?.held["bot"] == 1)
            #expect(try await engine.clearBotHold(saleID: "drop-1", user: "bot"))
            #expect(try await engine.botState(saleID: "drop-1", version: "")?.held.isEmpty == true)
        }
    }

    @Test("eviction revokes the token and releases live reservations exactly once, audited")
    func evict() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 5, perUserLimit: 2))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            _ = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            _ = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            #expect(try await engine.status(of: "drop-1")?.skus.first?.available == 3)
            #expect(try await engine.evictBotSession(saleID: "drop-1", user: "u0", actor: "test", reason: "score=1") == 2)
            #expect(try await engine.evictBotSession(saleID: "drop-1", user: "u0", actor: "test", reason: "score=1") == nil)
            let sku = try #require(try await engine.status(of: "drop-1")?.skus.first)
            #expect(sku.available == 5 && sku.reserved == 0)
            await #expect(throws: SaleEngineError.tokenRevoked) {
                try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            }
            #expect(try await engine.auditTrail(saleID: "drop-1").contains { $0.action == "bot_evict" && $0.detail.contains("released=2") })
            #expect(try await engine.botReport(saleID: "drop-1").evicted == 1)
        }
    }

    @Test("a shopper's list of reservation ids for eviction keeps the latest 64: 70 reserved and released leave 64, and the live one still evicts")
    func reservationListBounded() async throws {
        try await EngineHarness.with { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 5, perUserLimit: 1))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            var ids: [String] = []
            for _ in 0..<70 {
                let reservation = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
                try await engine.cancel(saleID: "drop-1", userID: "u0", reservationID: reservation.id)
                ids.append(reservation.id)
            }
            let live = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            ids.append(live.id)
            let kept = try #require(try await redis.send(["LRANGE", "fg:{drop-1}:bot:ures:u0", "0", "-1"]).array).compactMap(\.string)
            #expect(kept == Array(ids.suffix(64)))
            #expect(try await redis.send(["PTTL", "fg:{drop-1}:bot:ures:u0"]).int ?? -1 > 0)
            #expect(try await engine.evictBotSession(saleID: "drop-1", user: "u0", actor: "test", reason: "score=1") == 1)
            #expect(try await engine.status(of: "drop-1")?.skus.first?.available == 5)
        }
    }

    @Test("an eviction counts the reservations it releases (not their units) as released in the funnel")
    func evictCountsReleased() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 5, perUserLimit: 3))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            _ = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 2)
            _ = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            #expect(try await engine.evictBotSession(saleID: "drop-1", user: "u0", actor: "test", reason: "score=1") == 3)
            let counters = try #require(try await engine.status(of: "drop-1")?.counters)
            #expect(counters["reserved"] == 2 && counters["released"] == 2)
        }
    }

    @Test("observe mode only counts what would have happened")
    func dryRun() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale())
            let policy = BotPolicy()
            let decisions = [Self.decision("a", ticket: 1, score: 0.99, policy: policy), Self.decision("b", ticket: 2, score: 0.75, policy: policy)]
            for _ in 0..<2 {
                let outcome = try await engine.applyBotDecisions(saleID: "drop-1", policy: policy, decisions: decisions)
                #expect(outcome.held == 0 && outcome.evict.isEmpty)
            }
            let report = try await engine.botReport(saleID: "drop-1")
            #expect(report.stats["would_evict"] == 1 && report.stats["would_hold"] == 1 && report.heldNow == 0)
            #expect(report.buckets[9] == 1 && report.buckets[7] == 1 && report.flagged == 2)
            #expect(report.top.first?.user == "a")
        }
    }

    @Test("blocks and the live policy are stored, audited and undone")
    func blocks() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale())
            #expect(try await engine.changeBotDefense(saleID: "drop-1", operation: "block", value: "source:203.0.113.0/24", actor: "test"))
            #expect(try await engine.botState(saleID: "drop-1", version: "")?.blocks.keys.contains("source:203.0.113.0/24") == true)
            #expect(try await engine.changeBotDefense(saleID: "drop-1", operation: "unblock", value: "source:203.0.113.0/24", actor: "test"))
            #expect(try await engine.botState(saleID: "drop-1", version: "")?.blocks.isEmpty == true)
            let actions = try await engine.auditTrail(saleID: "drop-1").map(\.action)
            #expect(actions.contains("bot_block") && actions.contains("bot_unblock"))
        }
    }
}
