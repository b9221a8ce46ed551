import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import Foundation
import Testing

@Suite("Inventory: no oversell, idempotent commit and cancel, expiry")
struct InventoryTests {
    @Test("2,000 concurrent shoppers against 100 units: exactly 100 sold, never a negative count")
    func noOversell() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 100))
            let shoppers = try await EngineHarness.registerAndAdmit(engine, count: 2_000)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for shopper in shoppers {
                    group.addTask {
                        do {
                            let user = "u\(shopper.ticket - 1)"
                            let reservation = try await engine.reserve(saleID: "drop-1", userID: user, position: shopper.ticket, sku: "A", qty: 1)
                            let answer = try await engine.commit(saleID: "drop-1", userID: user, reservationID: reservation.id,
                                                                 idempotencyKey: user, fingerprint: "f")
                            return answer.status == 200 ? "ok" : "status \(answer.status)"
                        } catch SaleEngineError.soldOut { return "sold_out" } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(outcomes == ["ok": 100, "sold_out": 1_900])
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first.map { [$0.available, $0.reserved, $0.sold] } == [0, 0, 100])
            #expect(status.conservationViolations.isEmpty)
        }
    }

    @Test("the same reservation committed from 50 concurrent calls: one order, one charge, one answer")
    func doubleSpend() async throws {
        try await EngineHarness.with { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 5, latencyMs: 50))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            let reservation = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            let answers = try await withThrowingTaskGroup(of: CommitAnswer.self) { group in
                for call in 0..<50 {
                    group.addTask {
                        try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id,
                                                idempotencyKey: "key-\(call % 5)", fingerprint: "same-body")
                    }
                }
                return try await group.reduce(into: [CommitAnswer]()) { $0.append($1) }
            }
            #expect(Set(answers).count == 1)
            #expect(answers.first?.status == 200)
            #expect(try await EngineHarness.charges(redis).count == 1)
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first?.sold == 1)
            #expect(status.counters["committed"] == 1)
            #expect(status.conservationViolations.isEmpty)
        }
    }

    @Test("a reused Idempotency-Key with another body is refused and changes nothing")
    func idempotencyKeyReuse() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 5, perUserLimit: 2))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            let first = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            let second = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            let answer = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: first.id, idempotencyKey: "k", fingerprint: "body-1")
            #expect(answer.status == 200)
            await #expect(throws: SaleEngineError.idempotencyKeyReused) {
                try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: second.id, idempotencyKey: "k", fingerprint: "body-2")
            }
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first?.sold == 1)
            #expect(status.skus.first?.reserved == 1)
        }
    }

    @Test("a declined payment holds the cart (402); a retry with the same key answers the same and charges nothing")
    func declinedPayment() async throws {
        try await EngineHarness.with { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 5, failureRate: 1))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            let reservation = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            let first = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k", fingerprint: "f")
            let again = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k", fingerprint: "f")
            #expect(first.status == 402)
            #expect(again == first)
            #expect(try await EngineHarness.charges(redis).isEmpty)
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first?.reserved == 1)
            try await engine.control(saleID: "drop-1", .payment(failureRate: 0, latencyMs: 0))
            let retried = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k2", fingerprint: "f")
            #expect(retried.status == 200)
        }
    }

    @Test("cancel returns the units; cancelling again answers the same; a committed one cannot be cancelled")
    func cancel() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 5, perUserLimit: 2))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            let kept = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            let dropped = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            try await engine.cancel(saleID: "drop-1", userID: "u0", reservationID: dropped.id)
            try await engine.cancel(saleID: "drop-1", userID: "u0", reservationID: dropped.id)
            await #expect(throws: SaleEngineError.reservationNotFound) {
                try await engine.cancel(saleID: "drop-1", userID: "someone-else", reservationID: kept.id)
            }
            _ = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: kept.id, idempotencyKey: "k", fingerprint: "f")
            await #expect(throws: SaleEngineError.alreadyCommitted) {
                try await engine.cancel(saleID: "drop-1", userID: "u0", reservationID: kept.id)
            }
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first.map { [$0.available, $0.reserved, $0.sold] } == [4, 0, 1])
        }
    }

    @Test("an expired reservation returns its stock, and a commit after expiry answers 410 without a charge")
    func expiry() async throws {
        try await EngineHarness.with { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 3, ttl: 1))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            let reservation = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await engine.sweepExpired(saleID: "drop-1") == 1)
            let late = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k", fingerprint: "f")
            #expect(late.status == 410)
            #expect(try await EngineHarness.charges(redis).isEmpty)
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first.map { [$0.available, $0.reserved, $0.sold] } == [3, 0, 0])
            #expect(status.counters["expired"] == 1)
        }
    }
}
