import FloodgateRedis

/// A payment gateway for rehearsals and drills: it declines the configured share of payments
/// and answers after the configured latency; the charge itself lands when the call arrives, so
/// a latency beyond the engine's gateway timeout is a gateway that times out after charging.
/// It records every attempt in the sale's `payments` hash (attempt -> `charged:<reservation>`,
/// `declined:...`, `refunded:...`, `voided:...`) and answers ``status(saleID:attemptID:)`` from
/// it, so tests and rehearsals can count charges. A Redis error reply is an error, never a charge.
public struct SimulatedPaymentGateway: PaymentGateway {
    let redis: RedisClient

    /// A gateway that records its attempts through `redis`.
    public init(redis: RedisClient) {
        self.redis = redis
    }

    public func charge(_ payment: PaymentRequest) async throws -> PaymentOutcome {
        let key = SaleKeys(saleID: payment.saleID).payments
        let declines = Double.random(in: 0..<1) < payment.simulation.failureRate
        let recorded = (declines ? "declined:" : "charged:") + payment.reservationID
        let outcome: PaymentOutcome
        if try await setIfAbsent(key, payment.attemptID, recorded) {
            outcome = declines ? .declined(reason: "The card was declined (simulated).") : .paid
        } else {
            switch try await status(saleID: payment.saleID, attemptID: payment.attemptID) {
            case .charged: outcome = .paid
            case .declined: outcome = .declined(reason: "The card was declined (simulated).")
            case .voided, .refunded, .unknown: outcome = .declined(reason: "The attempt was voided before it was charged.")
            }
        }
        if payment.simulation.latencyMs > 0 {
            try await Task.sleep(for: .milliseconds(payment.simulation.latencyMs))
        }
        return outcome
    }

    public func status(saleID: String, attemptID: String) async throws -> PaymentAttemptStatus {
        let reply = try await send(["HGET", SaleKeys(saleID: saleID).payments, attemptID])
        guard case .bulk = reply, let recorded = reply.string else {
            if reply == .null { return .unknown }
            throw SimulatedGatewayError("HGET answered \(reply)")
        }
        guard let colon = recorded.firstIndex(of: ":"), let status = PaymentAttemptStatus(rawValue: String(recorded[..<colon])) else {
            throw SimulatedGatewayError("unreadable record \(recorded) for attempt \(attemptID)")
        }
        return status
    }

    public func refund(saleID: String, attemptID: String) async throws {
        let key = SaleKeys(saleID: saleID).payments
        guard try await status(saleID: saleID, attemptID: attemptID) == .charged,
            let recorded = try await send(["HGET", key, attemptID]).string
        else { return }
        _ = try await send(["HSET", key, attemptID, "refunded:" + recorded.dropFirst("charged:".count)])
    }

    public func void(saleID: String, attemptID: String) async throws {
        let key = SaleKeys(saleID: saleID).payments
        if try await setIfAbsent(key, attemptID, "voided:") { return }
        guard try await status(saleID: saleID, attemptID: attemptID) == .charged,
            let recorded = try await send(["HGET", key, attemptID]).string
        else { return }
        _ = try await send(["HSET", key, attemptID, "voided:" + recorded.dropFirst("charged:".count)])
    }

    /// HSETNX: whether the field was absent (and is now set).
    private func setIfAbsent(_ key: String, _ field: String, _ value: String) async throws -> Bool {
        let reply = try await send(["HSETNX", key, field, value])
        guard let set = reply.int, set == 0 || set == 1 else { throw SimulatedGatewayError("HSETNX answered \(reply)") }
        return set == 1
    }

    /// One command; an error reply (`-OOM`, `-READONLY`...) throws.
    private func send(_ command: [String]) async throws -> RedisReply {
        let reply = try await redis.send(command)
        if let message = reply.errorMessage { throw SimulatedGatewayError("\(command[0]): \(message)") }
        return reply
    }
}

/// The simulated gateway could not reach or read its record.
public struct SimulatedGatewayError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
