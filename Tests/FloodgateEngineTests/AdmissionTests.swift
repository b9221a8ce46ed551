import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import Foundation
import Testing

@Suite("Waiting room: registration, admission, lottery, control")
struct AdmissionTests {
    @Test("registration is idempotent per user: the same ticket again, never a second place")
    func idempotentRegistration() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale())
            let first = try await engine.register(saleID: "drop-1", userID: "alice", challengeID: nil, challengeLifetimeMs: 0)
            let bob = try await engine.register(saleID: "drop-1", userID: "bob", challengeID: nil, challengeLifetimeMs: 0)
            let again = try await engine.register(saleID: "drop-1", userID: "alice", challengeID: nil, challengeLifetimeMs: 0)
            #expect(first.isNew && !again.isNew)
            #expect(first.ticket == 1 && again.ticket == 1 && bob.ticket == 2)
            #expect(try await engine.status(of: "drop-1")?.counters["registered"] == 2)
        }
    }

    @Test("a proof-of-work challenge is accepted once")
    func challengeUsedOnce() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale())
            _ = try await engine.register(saleID: "drop-1", userID: "a", challengeID: "c1", challengeLifetimeMs: 60_000)
            await #expect(throws: SaleEngineError.challengeReused) {
                try await engine.register(saleID: "drop-1", userID: "b", challengeID: "c1", challengeLifetimeMs: 60_000)
            }
            #expect(try await engine.status(of: "drop-1")?.counters["registered"] == 1)
        }
    }

    @Test("admission follows registration order at the set rate (measured on Redis' clock)")
    func fifoAdmission() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 1_000, rate: 20))
            for index in 0..<100 {
                let registration = try await engine.register(saleID: "drop-1", userID: "u\(index)", challengeID: nil, challengeLifetimeMs: 0)
                #expect(registration.ticket == UInt64(index + 1))
            }
            let first = try await engine.tick(saleID: "drop-1")
            #expect(first.admittedThrough <= 20, "a burst of at most one second's admissions")
            try await Task.sleep(for: .milliseconds(700))
            let second = try await engine.tick(saleID: "drop-1")
            // 20 a second for the time between the ticks, at most one second's worth at once.
            let expected = 20 * min(1, Double(second.nowMs - first.nowMs) / 1000)
            #expect(abs(Double(second.admittedThrough - first.admittedThrough) - expected) <= 1.5)
        }
    }

    @Test("admission never runs ahead of the buyable stock times the admission factor")
    func admissionTiedToStock() async throws {
        try await EngineHarness.with { engine, _ in
            var definition = EngineHarness.sale(stock: 10)
            definition.admissionFactor = 2
            try await engine.create(definition)
            _ = try await EngineHarness.registerAndAdmit(engine, count: 50)
            #expect(try await engine.tick(saleID: "drop-1").admittedThrough == 20)
        }
    }

    @Test("pause stops checkout; resume restarts it; close ends it; each answers with the state")
    func killSwitches() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 10))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            #expect(try await engine.control(saleID: "drop-1", .pause(reason: "drill", by: "admin")) == .paused)
            await #expect(throws: SaleEngineError.paused) {
                try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            }
            #expect(try await engine.control(saleID: "drop-1", .resume) == .running)
            _ = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            #expect(try await engine.control(saleID: "drop-1", .close) == .closed)
            await #expect(throws: SaleEngineError.invalidState(action: "pause", state: "closed")) {
                try await engine.control(saleID: "drop-1", .pause(reason: "late", by: "admin"))
            }
            await #expect(throws: SaleEngineError.registrationClosed(notYetOpen: false)) {
                try await engine.register(saleID: "drop-1", userID: "late", challengeID: nil, challengeLifetimeMs: 0)
            }
        }
    }

    @Test("lottery: pre-registrations are drawn at the start from the seed published by its hash")
    func lotteryDraw() async throws {
        try await EngineHarness.with { engine, _ in
            var definition = EngineHarness.sale(fairness: .lottery)
            definition.startsAt = Date().addingTimeInterval(8)
            definition.prequeueOpensAt = Date().addingTimeInterval(-60)
            try await engine.create(definition)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask { _ = try await engine.register(saleID: "drop-1", userID: "u\(index)", challengeID: nil, challengeLifetimeMs: 0) }
                }
                try await group.waitForAll()
            }
            let before = try #require(try await engine.status(of: "drop-1"))
            #expect(before.state == .prequeue)
            #expect(before.lotterySeed == nil)
            var clock = try await engine.tick(saleID: "drop-1")
            for _ in 0..<100 where clock.state == .prequeue {
                try await Task.sleep(for: .milliseconds(100))
                clock = try await engine.tick(saleID: "drop-1")
            }
            #expect(clock.drawCount == 20)
            let after = try #require(try await engine.status(of: "drop-1"))
            let seed = try #require(after.lotterySeed.flatMap(LotterySeed.init(hex:)))
            #expect(LotteryDraw.seedCommitment(seed) == before.lotterySeedSHA256)
            let late = try await engine.register(saleID: "drop-1", userID: "late", challengeID: nil, challengeLifetimeMs: 0)
            #expect(late.ticket == 21 && late.drawCount == 20)
        }
    }

    @Test("rollback releases reservations, refunds orders, leaves the sale paused; twice changes nothing more")
    func rollback() async throws {
        try await EngineHarness.with { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 10))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 4)
            var reservations: [Reservation] = []
            for index in 0..<4 {
                reservations.append(try await engine.reserve(saleID: "drop-1", userID: "u\(index)", position: UInt64(index + 1), sku: "A", qty: 1))
            }
            for index in 0..<2 {
                _ = try await engine.commit(saleID: "drop-1", userID: "u\(index)", reservationID: reservations[index].id, idempotencyKey: "k\(index)", fingerprint: "f")
            }
            let report = try await engine.rollback(saleID: "drop-1", refunds: .all, by: "admin")
            #expect(report == RollbackReport(released: 2, refunded: 2, alreadyRefunded: 0))
            let again = try await engine.rollback(saleID: "drop-1", refunds: .all, by: "admin")
            #expect(again == RollbackReport(released: 0, refunded: 0, alreadyRefunded: 2))
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.state == .paused)
            #expect(status.skus.first.map { [$0.available, $0.reserved, $0.sold] } == [10, 0, 0])
            #expect(status.conservationViolations.isEmpty)
            #expect(status.counters["released"] == 2, "the two live reservations, counted once")
            #expect(status.counters["reserved"] == (status.counters["committed"] ?? 0) + (status.counters["released"] ?? 0))
            let payments = try await redis.send(["HVALS", SaleKeys(saleID: "drop-1").payments]).array?.compactMap(\.string) ?? []
            #expect(payments.count == 2 && payments.allSatisfy { $0.hasPrefix("refunded:") })
        }
    }
}
