import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Payments: paid, declined or unknown; unknown attempts reconciled from the gateway's record")
struct PaymentTests {
    /// A policy with a short gateway timeout and hold, so reconciliation comes within a second.
    static let quick = PaymentPolicy(gatewayTimeout: .milliseconds(500), recordingMargin: .milliseconds(200), reconcileRetry: .milliseconds(100))

    /// User u0 admitted with one unit of A reserved, and a commit of that reservation under a given Idempotency-Key.
    static func cart(_ engine: SaleEngine) async throws -> (Reservation, (String) async throws -> CommitAnswer) {
        _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
        let reservation = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
        return (reservation, { key in
            try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: key, fingerprint: "f")
        })
    }

    @Test("a gateway that times out after charging: 202 payment_pending, no second charge, then the reconciled order under the same key")
    func timeoutAfterCharge() async throws {
        try await EngineHarness.with(payments: Self.quick) { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 5, latencyMs: 5_000))
            let (reservation, commit) = try await Self.cart(engine)
            let first = try await commit("k1")
            #expect(first.status == 202 && first.retryAfterSeconds != nil)
            #expect(first.body.contains(#""status":"payment_pending""#) && first.body.contains(reservation.id))
            #expect(try await commit("k1").status == 202)
            #expect(try await commit("k2").status == 202)
            try await Task.sleep(for: .milliseconds(800))
            let report = try await engine.reconcilePayments(saleID: "drop-1")
            #expect(report.orders == 1)
            let settled = try await commit("k1")
            #expect(settled.status == 200)
            #expect(try await commit("k2") == settled)
            #expect(try await EngineHarness.charges(redis).count == 1)
            let record = try await redis.send(["HGET", SaleKeys(saleID: "drop-1").idempotency(user: "u0", key: "k1"), "status"])
            #expect(record.string == "done")
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first?.sold == 1 && status.paymentsPending == 0)
            #expect(status.counters["reconciled_orders"] == 1)
            #expect(try await engine.auditTrail(saleID: "drop-1").first?.action == "payment_reconciled")
        }
    }

    @Test("a gateway slower than the answer time: 202 payment_pending at once, the charge settles in the background, the same key then gets the order, charged once")
    func slowGatewayAnsweredPending() async throws {
        let patient = PaymentPolicy(gatewayTimeout: .seconds(5), answerWithin: .milliseconds(100))
        try await EngineHarness.with(payments: patient) { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 5, latencyMs: 600))
            let (reservation, commit) = try await Self.cart(engine)
            let first = try await commit("k1")
            #expect(first.status == 202 && first.retryAfterSeconds == 1)
            let paying = try #require(try await engine.status(of: "drop-1"))
            #expect(paying.skus.first?.sold == 0 && paying.paymentsPending == 1)
            try await Task.sleep(for: .milliseconds(900))
            let settled = try await commit("k1")
            #expect(settled.status == 200 && settled.body.contains(reservation.id))
            #expect(try await commit("k2").body == settled.body)
            #expect(try await EngineHarness.charges(redis).count == 1)
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first?.sold == 1 && status.paymentsPending == 0 && status.counters["reconciled_orders"] == nil)
        }
    }

    @Test("an attempt the gateway never saw is fenced off at reconciliation: the cart is held again, no charge stands, a new key pays once")
    func neverCharged() async throws {
        try await EngineHarness.with { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 5))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            let reservation = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            let keys = SaleKeys(saleID: "drop-1")
            // The daemon that began this attempt died before it reached the gateway.
            _ = try await redis.evalsha(engine.scripts.commitBegin, keys: [keys.control, keys.reservation(reservation.id),
                keys.idempotency(user: "u0", key: "k1"), keys.inventory, keys.held, keys.expiry, keys.paying, keys.ledger, keys.counters],
                arguments: [reservation.id, "u0", "f", "p_dead", "100"])
            #expect(try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k1", fingerprint: "f").status == 202)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await engine.reconcilePayments(saleID: "drop-1").released == 1)
            let settled = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k1", fingerprint: "f")
            #expect(settled.status == 402)
            #expect(try await redis.send(["HGET", keys.payments, "p_dead"]).string == "voided:")
            let retried = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k2", fingerprint: "f")
            #expect(retried.status == 200)
            #expect(try await EngineHarness.charges(redis).count == 1)
        }
    }

    @Test("user B sending user A's Idempotency-Key and body gets no answer of A's")
    func keysScopedPerUser() async throws {
        try await EngineHarness.with { engine, _ in
            try await engine.create(EngineHarness.sale(stock: 5))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 2)
            let reservation = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            let paid = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "shared", fingerprint: "f")
            #expect(paid.status == 200)
            await #expect(throws: SaleEngineError.reservationNotFound) {
                try await engine.commit(saleID: "drop-1", userID: "u1", reservationID: reservation.id, idempotencyKey: "shared", fingerprint: "f")
            }
        }
    }

    @Test("a rollback while a payment is pending voids the attempt and answers its Idempotency-Key with 410")
    func rollbackVoidsPending() async throws {
        try await EngineHarness.with(payments: Self.quick) { engine, redis in
            try await engine.create(EngineHarness.sale(stock: 5, latencyMs: 1_500))
            _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
            let reservation = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            #expect(try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k", fingerprint: "f").status == 202)
            #expect(try await engine.rollback(saleID: "drop-1", refunds: .none, by: "admin").released == 1)
            #expect(try await EngineHarness.charges(redis).isEmpty)
            let answer = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: reservation.id, idempotencyKey: "k", fingerprint: "f")
            #expect(answer.status == 410)
            let status = try #require(try await engine.status(of: "drop-1"))
            #expect(status.skus.first.map { [$0.available, $0.reserved, $0.sold] } == [5, 0, 0] && status.paymentsPending == 0)
        }
    }

    @Test("the simulated gateway takes a Redis error reply (-OOM) as an error, never as a charge")
    func gatewayErrorReplies() async throws {
        try await EngineHarness.with { _, redis in
            let gateway = SimulatedPaymentGateway(redis: redis, record: try ScriptLibrary.load().gatewayRecord)
            _ = try await redis.send(["CONFIG", "SET", "maxmemory", "1"])
            let payment = PaymentRequest(saleID: "drop-1", attemptID: "p_1", reservationID: "r_1", sku: "A", qty: 1,
                                         simulation: PaymentSimulation(failureRate: 0, latencyMs: 0))
            await #expect(throws: SimulatedGatewayError.self) { try await gateway.charge(payment) }
            _ = try await redis.send(["CONFIG", "SET", "maxmemory", "0"])
            #expect(try await gateway.status(saleID: "drop-1", attemptID: "p_1") == .unknown)
        }
    }

    /// Under `--redis-wait-replicas` the simulated gateway's record waits for replicas like the
    /// engine's money-moving writes: a charge record a failover could lose is never answered as
    /// paid (the engine takes the error as an unknown outcome and reconciles it from the record
    /// that survived). A lone redis-server has no replica, so no record is ever confirmed.
    @Test("the simulated gateway's records wait for replicas: a charge, refund or void no replica confirmed is an error, not an answer")
    func gatewayWaitsForReplicas() async throws {
        try await TestRedisServer.withClient(configure: { $0.replicaWait = ReplicaWait(replicas: 1, timeout: .milliseconds(50)) }) { redis, _ in
            let gateway = SimulatedPaymentGateway(redis: redis, record: try ScriptLibrary.load().gatewayRecord)
            let payment = PaymentRequest(saleID: "drop-1", attemptID: "p_1", reservationID: "r_1", sku: "A", qty: 1,
                                         simulation: PaymentSimulation(failureRate: 0, latencyMs: 0))
            await #expect(throws: SimulatedGatewayError.self) { try await gateway.charge(payment) }
            #expect(try await gateway.status(saleID: "drop-1", attemptID: "p_1") == .charged)
            await #expect(throws: SimulatedGatewayError.self) { try await gateway.refund(saleID: "drop-1", attemptID: "p_1") }
            await #expect(throws: SimulatedGatewayError.self) { try await gateway.void(saleID: "drop-1", attemptID: "p_2") }
        }
    }

    @Test("the simulated gateway's record: refund and void turn only a charge, keeping its reservation; a void fences an attempt not charged yet")
    func gatewayRecords() async throws {
        try await EngineHarness.with { _, redis in
            let gateway = SimulatedPaymentGateway(redis: redis, record: try ScriptLibrary.load().gatewayRecord)
            func payment(_ attempt: String) -> PaymentRequest {
                PaymentRequest(saleID: "drop-1", attemptID: attempt, reservationID: "r_" + attempt, sku: "A", qty: 1,
                               simulation: PaymentSimulation(failureRate: 0, latencyMs: 0))
            }
            #expect(try await gateway.charge(payment("p1")) == .paid)
            #expect(try await gateway.charge(payment("p2")) == .paid)
            try await gateway.refund(saleID: "drop-1", attemptID: "p1")
            try await gateway.void(saleID: "drop-1", attemptID: "p2")
            try await gateway.void(saleID: "drop-1", attemptID: "p3")
            try await gateway.refund(saleID: "drop-1", attemptID: "p3")
            #expect(try await gateway.charge(payment("p3")) != .paid)
            let records = try await redis.send(["HGETALL", "fg:{drop-1}:payments"]).array?.compactMap(\.string) ?? []
            #expect(Set(records) == ["p1", "refunded:r_p1", "p2", "voided:r_p2", "p3", "voided:"])
        }
    }
}
