import FloodgateCore
import FloodgateRedis
import Logging

extension SaleEngine {
    /// Settles the payment attempts of a sale whose outcome is unknown and whose hold has
    /// passed: asks the gateway what became of each, then turns a charged one into the order
    /// and fences off and releases any other (the cart goes back to its TTL). Each settled
    /// attempt's Idempotency-Key record gets the final answer, and an audit entry
    /// (`reconciler`, `payment_reconciled`). Also voids the attempts queued in `voids`.
    /// - Returns: what was settled this pass.
    @discardableResult
    public func reconcilePayments(saleID: String, batch: Int = 100) async throws -> ReconcileReport {
        let keys = SaleKeys(saleID: saleID)
        var report = ReconcileReport()
        report.voided = try await voidQueued(saleID: saleID)
        let now = try await redisTimeMs()
        let due = try await command(["ZRANGEBYSCORE", keys.paying, "-inf", String(now), "LIMIT", "0", String(batch)])
        for reservation in try strings(due, "ZRANGEBYSCORE paying") {
            let values = (try await command(["HMGET", keys.reservation(reservation), "attempt", "idem"]).array ?? []).map(\.string)
            guard values.count == 2, let attempt = values[0], let record = values[1] else {
                throw SaleEngineError.protocolDrift("reservation \(reservation) is paying without an attempt")
            }
            try await reconcile(Attempt(saleID: saleID, reservationID: reservation, attemptID: attempt, record: record), report: &report)
        }
        return report
    }

    /// One payment attempt and its idempotency record.
    private struct Attempt {
        let saleID: String
        let reservationID: String
        let attemptID: String
        let record: String
    }

    private func reconcile(_ payment: Attempt, report: inout ReconcileReport) async throws {
        let status: PaymentAttemptStatus
        do {
            status = try await gateway.status(saleID: payment.saleID, attemptID: payment.attemptID)
        } catch {
            _ = try await settle(payment, outcome: .unknown(reason: "\(error)"), order: "", counter: "")
            report.stillUnknown += 1
            logger.warning("payment status unknown; asking again later", metadata: ["attempt": "\(payment.attemptID)", "error": "\(error)"])
            return
        }
        let outcome: PaymentOutcome
        switch status {
        case .charged:
            outcome = .paid
        case .unknown:
            try await gateway.void(saleID: payment.saleID, attemptID: payment.attemptID)
            outcome = .declined(reason: "The payment gateway never took the payment.")
        case .declined, .voided, .refunded:
            outcome = .declined(reason: "The payment did not go through.")
        }
        let order = Self.newID(prefix: "o_")
        let counter = outcome == .paid ? "reconciled_orders" : "reconciled_voids"
        let finish = try await settle(payment, outcome: outcome, order: order, counter: counter)
        var detail = "reservation=\(payment.reservationID) attempt=\(payment.attemptID) gateway=\(status.rawValue)"
        switch finish.code {
        case "committed":
            report.orders += 1
            detail += " order=\(try finish.text(1))"
        case "declined":
            report.released += 1
            detail += " cart=held"
        default:
            report.voided += try await voidQueued(saleID: payment.saleID)
            detail += " voided"
        }
        try await audit(saleID: payment.saleID, actor: "reconciler", action: "payment_reconciled", detail: detail, result: "ok")
    }

    private func settle(_ attempt: Attempt, outcome: PaymentOutcome, order: String, counter: String) async throws -> ScriptReply {
        try await settle(saleID: attempt.saleID, reservationID: attempt.reservationID, attemptID: attempt.attemptID, outcome: outcome,
                         order: order, record: attempt.record, counter: counter)
    }

    /// Voids every attempt queued in the sale's `voids` set (a charge that must not stand),
    /// then takes it off the queue.
    /// - Returns: how many were voided.
    @discardableResult
    func voidQueued(saleID: String) async throws -> Int {
        let keys = SaleKeys(saleID: saleID)
        let queued = try strings(try await command(["ZRANGE", keys.voids, "0", "99"]), "ZRANGE voids")
        for attempt in queued {
            try await gateway.void(saleID: saleID, attemptID: attempt)
            _ = try await command(["ZREM", keys.voids, attempt])
        }
        return queued.count
    }

    /// The elements of an array reply as text; anything else is protocol drift.
    func strings(_ reply: RedisReply, _ what: String) throws -> [String] {
        guard let elements = reply.array else { throw SaleEngineError.protocolDrift("\(what): \(reply)") }
        return try elements.map { element in
            guard let text = element.string else { throw SaleEngineError.protocolDrift("\(what): \(element)") }
            return text
        }
    }
}

/// What one reconciliation pass settled.
public struct ReconcileReport: Sendable, Hashable {
    /// Attempts the gateway had charged, now orders.
    public var orders = 0
    /// Attempts that had not charged: their carts went back to their TTL.
    public var released = 0
    /// Charges voided because their reservation was gone.
    public var voided = 0
    /// Attempts the gateway could not tell about yet.
    public var stillUnknown = 0

    /// An empty report.
    public init() {}
}
