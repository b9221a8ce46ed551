import FloodgateCore
import FloodgateRedis
import Foundation

extension SaleEngine {
    /// How long one payment attempt may take before the sweeper may expire its reservation.
    static let paymentHoldMs = 30_000

    /// Commits a reservation: claims it, charges through the gateway, records the outcome.
    ///
    /// Concurrent commits of one reservation charge once; every one of them, and every retry
    /// with the same Idempotency-Key, gets the same answer. A commit that races expiry either
    /// commits or answers 410 with no charge standing.
    /// - Parameters:
    ///   - idempotencyKey: the client's key for this commit.
    ///   - fingerprint: a digest of the request body; reusing a key with another body is refused.
    /// - Returns: the answer: 200 with the order, 402 (cart held) or 410.
    /// - Throws: ``FloodgateCore/APIError`` for 404, 409 and 503 answers.
    public func commit(saleID: String, userID: String, reservationID: String, idempotencyKey: String, fingerprint: String) async throws -> CommitAnswer {
        let keys = SaleKeys(saleID: saleID)
        let record = keys.idempotency(user: userID, key: idempotencyKey)
        let callKeys = keys.commitBeginKeys(reservationID: reservationID, idempotency: record)
        let attempt = Self.newID(prefix: "p_")
        let deadline = ContinuousClock.now + .milliseconds(Self.paymentHoldMs + 5_000)
        while true {
            let begin = try await run(
                scripts.commitBegin,
                keys: callKeys,
                arguments: [reservationID, userID, fingerprint, attempt, String(Self.paymentHoldMs)]
            )
            switch begin.code {
            case "pay":
                let payment = PaymentRequest(
                    saleID: saleID, attemptID: attempt, reservationID: reservationID, sku: begin.string(1) ?? "", qty: begin.int(2),
                    simulation: PaymentSimulation(failureRate: Double(begin.string(3) ?? "") ?? 0, latencyMs: begin.int(4))
                )
                return try await pay(payment, keys: keys.commitFinishKeys(reservationID: reservationID, idempotency: record))
            case "replay":
                return CommitAnswer(status: begin.int(1), body: begin.string(2) ?? "")
            case "committed":
                return CommitAnswer(status: 200, body: Self.committedBody(order: begin.string(1) ?? "", reservation: reservationID))
            case "in_progress" where ContinuousClock.now < deadline:
                try await Task.sleep(for: .milliseconds(20))
            default:
                throw Self.commitRefusal(begin.code)
            }
        }
    }

    private func pay(_ payment: PaymentRequest, keys: [String]) async throws -> CommitAnswer {
        let outcome: PaymentOutcome
        do {
            outcome = try await gateway.charge(payment)
        } catch {
            outcome = .declined(reason: "The payment gateway did not answer: \(error)")
        }
        let order = Self.newID(prefix: "o_")
        let paid: Bool
        let declined: APIError
        switch outcome {
        case .paid:
            paid = true
            declined = APIError.paymentFailed()
        case .declined(let reason):
            paid = false
            declined = APIError.paymentFailed(reason + " The reservation is kept until it expires.")
        }
        let finish = try await run(scripts.commitFinish, keys: keys, arguments: [
            payment.reservationID, paid ? "paid" : "declined", payment.attemptID, order,
            Self.committedBody(order: order, reservation: payment.reservationID),
            Self.json(declined), Self.json(APIError.reservationExpired()),
        ])
        switch finish.code {
        case "committed":
            return CommitAnswer(status: 200, body: Self.committedBody(order: order, reservation: payment.reservationID))
        case "declined":
            return CommitAnswer(status: 402, body: Self.json(declined))
        default:
            if paid { try await gateway.void(saleID: payment.saleID, attemptID: payment.attemptID) }
            return CommitAnswer(status: 410, body: Self.json(APIError.reservationExpired()))
        }
    }

    private static func commitRefusal(_ code: String) -> APIError {
        switch code {
        case "idempotency_mismatch":
            APIError(status: 409, code: "idempotency_key_reused", message: "This Idempotency-Key was used with another request body.")
        case "in_progress": commitInProgress
        case "not_found": APIError.notFound("No such reservation.")
        case "paused": APIError.paused()
        case "closed": saleClosed
        case "cancelled": APIError(status: 409, code: "reservation_cancelled", message: "The reservation was cancelled.")
        default: APIError.reservationExpired()
        }
    }

    static func committedBody(order: String, reservation: String) -> String {
        #"{"order_id":"\#(order)","reservation_id":"\#(reservation)","status":"committed"}"#
    }

    static func json(_ error: APIError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(error), as: UTF8.self)) ?? "{}"
    }
}
