import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Pause freezes the sale's clocks; a closed sale stays closed; the seed waits for the draw")
struct PauseTests {
    @Test("a pause longer than the admission window and the reservation TTL: after resume the shopper still reserves and commits")
    func pauseGivesTimeBack() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 5, perUserLimit: 2, ttl: 5, window: 5))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            let held = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            try await engine.control(saleID: "drop-1", .pause(reason: "payment outage", by: "admin"))
            try await Task.sleep(for: .milliseconds(6_000))
            _ = try await engine.tick(saleID: "drop-1")
            #expect(try await engine.sweepExpired(saleID: "drop-1") == 0)
            try await engine.control(saleID: "drop-1", .resume)
            #expect(try await engine.tick(saleID: "drop-1").expiredThrough == 0)
            _ = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            let answer = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: held.id, idempotencyKey: "k", fingerprint: "f")
            #expect(answer.status == 200)
        }
    }

    @Test("a pause stops admission and checkout, not the queue: a started sale paused still takes registrations (state paused, next ticket), unless registration is halted")
    func pausedSaleTakesRegistrations() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 5))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            try await engine.control(saleID: "drop-1", .pause(reason: "payment outage", by: "guard:payment_success"))
            let joined = try await engine.register(saleID: "drop-1", userID: "late", challengeID: nil, challengeLifetimeMs: 0)
            #expect(joined.isNew && joined.ticket == 2 && joined.state == .paused)
            try await engine.control(saleID: "drop-1", .registration(open: false))
            await #expect(throws: SaleEngineError.registrationClosed(notYetOpen: false)) {
                try await engine.register(saleID: "drop-1", userID: "later", challengeID: nil, challengeLifetimeMs: 0)
            }
            #expect(try await engine.status(of: "drop-1")?.counters["registered"] == 2)
        }
    }

    @Test("a pause records why, who and when in the sale's control hash; resume clears them")
    func pauseRecordsWhoWhenWhy() async throws {
        try await EngineHarness.with { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 5))
            let before = Date().addingTimeInterval(-1)
            try await engine.control(saleID: "drop-1", .pause(reason: "stock not conserved", by: "guard:conservation"))
            let fields = try await redis.send(["HMGET", SaleKeys(saleID: "drop-1").control, "pause_actor", "pause_reason"]).array?.compactMap(\.string)
            #expect(fields == ["guard:conservation", "stock not conserved"])
            let paused = try #require(try await engine.status(of: "drop-1"))
            #expect(paused.pausedBy == "guard:conservation" && paused.pauseReason == "stock not conserved")
            let at = try #require(paused.pausedAt.flatMap(RFC3339.parse))
            #expect(at >= before && at <= Date().addingTimeInterval(1))
            try await engine.control(saleID: "drop-1", .resume)
            let resumed = try #require(try await engine.status(of: "drop-1"))
            #expect(resumed.pausedBy == nil && resumed.pausedAt == nil && resumed.pauseReason == nil)
            _ = try await engine.rollback(saleID: "drop-1", refunds: .none, by: "admin@10.0.0.1")
            #expect(try await engine.status(of: "drop-1")?.pausedBy == "admin@10.0.0.1")
        }
    }

    @Test("a rolled-back closed sale stays closed, and resume cannot reopen it")
    func closedStaysClosed() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 5))
            try await engine.control(saleID: "drop-1", .close)
            _ = try await engine.rollback(saleID: "drop-1", refunds: .none, by: "admin")
            #expect(try await engine.status(of: "drop-1")?.state == .closed)
            await #expect(throws: SaleEngineError.invalidState(action: "resume", state: "closed")) {
                try await engine.control(saleID: "drop-1", .resume)
            }
        }
    }

    @Test("a lottery paused in its pre-queue keeps its seed secret and registration shut until the draw, which comes on time")
    func pauseInPrequeue() async throws {
        try await EngineHarness.with { engine, redis in
            var sale = EngineHarness.sale(stock: 5, fairness: .lottery)
            sale.prequeueOpensAt = Date().addingTimeInterval(-60)
            sale.startsAt = Date().addingTimeInterval(3_600)
            try await engine.create(sale)
            for user in ["a", "b"] { _ = try await engine.register(saleID: "drop-1", userID: user, challengeID: nil, challengeLifetimeMs: 0) }
            try await engine.control(saleID: "drop-1", .pause(reason: "drill", by: "admin"))
            #expect(try await engine.status(of: "drop-1")?.lotterySeed == nil)
            await #expect(throws: SaleEngineError.registrationClosed(notYetOpen: false)) {
                try await engine.register(saleID: "drop-1", userID: "c", challengeID: nil, challengeLifetimeMs: 0)
            }
            // The start time comes while the sale is paused.
            _ = try await redis.send(["HSET", SaleKeys(saleID: "drop-1").control, "starts_at_ms", "1"])
            let clock = try await engine.tick(saleID: "drop-1")
            #expect(clock.state == .paused && clock.drawCount == 2)
            let status = try #require(try await engine.status(of: "drop-1"))
            let seed = try #require(status.lotterySeed.flatMap(LotterySeed.init(hex:)))
            #expect(LotteryDraw.seedCommitment(seed) == status.lotterySeedSHA256)
            #expect(try await engine.control(saleID: "drop-1", .resume) == .running)
        }
    }
}
