import FloodgateRedis

/// A payment gateway for rehearsals and drills: it declines the configured share of payments
/// and answers after the configured latency; the charge itself lands when the call arrives, so
/// a latency beyond the engine's gateway timeout is a gateway that times out after charging.
/// It records every attempt in the sale's `payments` hash (attempt -> `charged:<reservation>`,
/// `declined:...`, `refunded:...`, `voided:...`) with `gateway_record.lua`, which waits for
/// replicas under `--redis-wait-replicas` (a record no replica confirmed in time is an error, an
/// unknown outcome to the engine), and answers ``status(saleID:attemptID:)`` from it, so tests
/// and rehearsals can count charges, also after a failover. A Redis error reply is an error,
/// never a charge.
public struct SimulatedPaymentGateway: PaymentGateway {
    let redis: RedisClient
    let record: RedisScript

    /// A gateway that records its attempts through `redis` with `record` (``ScriptLibrary/gatewayRecord``).
    public init(redis: RedisClient, record: RedisScript) {
        self.redis = redis
        self.record = record
    }

    public func charge(_ payment: PaymentRequest) async throws -> PaymentOutcome {
        let declines = Double.random(in: 0..<1) < payment.simulation.failureRate
        let recorded = (declines ? "declined:" : "charged:") + payment.reservationID
        let outcome: PaymentOutcome
        if try await setIfAbsent(saleID: payment.saleID, attemptID: payment.attemptID, recorded) {
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
        _ = try await write(saleID: saleID, attemptID: attemptID, mode: "charged", "refunded")
    }

    public func void(saleID: String, attemptID: String) async throws {
        if try await setIfAbsent(saleID: saleID, attemptID: attemptID, "voided:") { return }
        _ = try await write(saleID: saleID, attemptID: attemptID, mode: "charged", "voided")
    }

    /// Records `value` for an attempt that has no record yet: whether it had none (and now has it).
    private func setIfAbsent(saleID: String, attemptID: String, _ value: String) async throws -> Bool {
        try await write(saleID: saleID, attemptID: attemptID, mode: "new", value)
    }

    /// Runs `gateway_record.lua` (waiting for replicas when the client is configured to): whether it wrote.
    private func write(saleID: String, attemptID: String, mode: String, _ value: String) async throws -> Bool {
        let reply: RedisReply
        do {
            reply = try await redis.evalsha(record, keys: [SaleKeys(saleID: saleID).payments], arguments: [attemptID, mode, value])
        } catch let error as RedisError {
            throw SimulatedGatewayError("gateway_record: \(error)")
        }
        if let message = reply.errorMessage { throw SimulatedGatewayError("gateway_record: \(message)") }
        guard let written = reply.int, written == 0 || written == 1 else { throw SimulatedGatewayError("gateway_record answered \(reply)") }
        return written == 1
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
