import FloodgateRedis

/// A payment gateway for rehearsals and drills: it waits the sale's configured latency and
/// declines the configured share of payments. It records every attempt in the sale's
/// `payments` hash (attempt -> `charged:<reservation>`, `refunded:...`, `voided:...`), so tests
/// and rehearsals can count charges.
public struct SimulatedPaymentGateway: PaymentGateway {
    let redis: RedisClient

    /// A gateway that records its attempts through `redis`.
    public init(redis: RedisClient) {
        self.redis = redis
    }

    public func charge(_ payment: PaymentRequest) async throws -> PaymentOutcome {
        if payment.simulation.latencyMs > 0 {
            try await Task.sleep(for: .milliseconds(payment.simulation.latencyMs))
        }
        if Double.random(in: 0..<1) < payment.simulation.failureRate {
            return .declined(reason: "The card was declined (simulated).")
        }
        let key = SaleKeys(saleID: payment.saleID).payments
        _ = try await redis.send(["HSETNX", key, payment.attemptID, "charged:" + payment.reservationID])
        return .paid
    }

    public func refund(saleID: String, attemptID: String) async throws {
        try await mark(saleID: saleID, attemptID: attemptID, as: "refunded")
    }

    public func void(saleID: String, attemptID: String) async throws {
        try await mark(saleID: saleID, attemptID: attemptID, as: "voided")
    }

    private func mark(saleID: String, attemptID: String, as outcome: String) async throws {
        let key = SaleKeys(saleID: saleID).payments
        guard let recorded = try await redis.send(["HGET", key, attemptID]).string, recorded.hasPrefix("charged:") else { return }
        _ = try await redis.send(["HSET", key, attemptID, outcome + ":" + recorded.dropFirst("charged:".count)])
    }
}
