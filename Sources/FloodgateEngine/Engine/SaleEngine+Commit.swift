import FloodgateCore
import FloodgateRedis
import Logging
import Foundation

extension SaleEngine {
    /// Commits a reservation: claims it for a payment attempt, charges through the gateway
    /// (cut at the policy's gateway timeout), records the outcome. The answer comes within the
    /// policy's ``PaymentPolicy/answerWithin``: a slower payment is answered `payment_pending`
    /// and settles in the background.
    ///
    /// Concurrent commits of one reservation charge once: those in this process wait for the
    /// attempt's outcome here (no polling of Redis); the others, and any commit while an
    /// attempt's outcome is unknown, get ``CommitAnswer/pending(reservationID:retryAfterSeconds:)``.
    /// A retry with the same Idempotency-Key gets the same final answer once the attempt is
    /// settled (here, or by the reconciliation pass). Keys are scoped per sale and user.
    /// - Parameters:
    ///   - idempotencyKey: the client's key for this commit.
    ///   - fingerprint: a digest of the request body; reusing a key with another body is refused.
    /// - Returns: 200 with the order, 402 (cart held), 410 (expired; no charge stands), or 202 `payment_pending`.
    /// - Throws: ``SaleEngineError`` for refusals (unknown reservation, paused, closed...).
    public func commit(saleID: String, userID: String, reservationID: String, idempotencyKey: String, fingerprint: String) async throws -> CommitAnswer {
        let keys = SaleKeys(saleID: saleID)
        let record = keys.idempotency(user: userID, key: idempotencyKey)
        let attempt = Self.newID(prefix: "p_")
        waiters.begin(attempt)
        var paying = false
        defer { if !paying { waiters.end(attempt) } }
        var waited = false
        while true {
            let begin = try await run(
                scripts.commitBegin,
                keys: keys.commitBeginKeys(reservationID: reservationID, idempotency: record),
                arguments: [reservationID, userID, fingerprint, attempt, String(payments.holdMs), String(payments.probeIntervalMs),
                            GuardKind.paymentSuccess.actor]
            )
            switch begin.code {
            case "pay":
                let payment = PaymentRequest(
                    saleID: saleID, attemptID: attempt, reservationID: reservationID, sku: try begin.text(1), qty: try begin.integer(2),
                    simulation: PaymentSimulation(failureRate: try begin.number(3), latencyMs: try begin.integer(4))
                )
                paying = true
                return try await payAnswering(payment, record: record, probe: try begin.integer(5) == 1)
            case "replay":
                return CommitAnswer(status: try begin.integer(1), body: try begin.text(2))
            case "committed":
                return CommitAnswer(status: 200, body: Self.committedBody(order: try begin.text(1), reservation: reservationID))
            case "expired":
                return CommitAnswer(status: 410, body: Self.goneBody)
            case "pending" where !waited:
                waited = true
                await waiters.wait(for: try begin.text(1), atMost: min(payments.answerWithin, payments.gatewayTimeout + payments.recordingMargin))
            case "pending":
                return CommitAnswer.pending(reservationID: reservationID, retryAfterSeconds: Self.seconds(ms: try begin.integer(2)))
            default:
                throw Self.commitRefusal(begin.code)
            }
        }
    }

    /// Pays in a task of its own and answers within the policy's ``PaymentPolicy/answerWithin``:
    /// a payment not settled by then goes on in the background (its outcome is recorded as
    /// always) and the shopper gets 202 `payment_pending`; the same Idempotency-Key then gets the
    /// settled answer. The task ends the attempt's waiters when it is done.
    private func payAnswering(_ payment: PaymentRequest, record: String, probe: Bool) async throws -> CommitAnswer {
        let attempt = payment.attemptID
        let work = Task {
            defer { self.waiters.end(attempt) }
            do {
                return try await self.pay(payment, record: record, probe: probe)
            } catch SaleEngineError.paused {
                throw SaleEngineError.paused  // a declined probe: settled, the cart kept
            } catch {
                self.logger.warning("payment not settled; left to reconciliation", metadata: [
                    "sale": "\(payment.saleID)", "attempt": "\(attempt)", "error": "\(error)",
                ])
                throw error
            }
        }
        guard await waiters.wait(for: attempt, atMost: payments.answerWithin) else {
            return CommitAnswer.pending(reservationID: payment.reservationID, retryAfterSeconds: 1)
        }
        return try await work.value
    }

    /// Charges, then records the outcome; an outcome that cannot be recorded is left to the
    /// reconciliation pass (the reservation stays paying, the answer is `payment_pending`).
    /// A declined `probe` (the payment guard's, through a pause) is refused as paused: the
    /// shopper keeps the cart and retries with the same key once the sale resumes.
    private func pay(_ payment: PaymentRequest, record: String, probe: Bool) async throws -> CommitAnswer {
        let outcome = await charge(payment)
        let order = Self.newID(prefix: "o_")
        let finish: ScriptReply
        do {
            finish = try await settle(saleID: payment.saleID, reservationID: payment.reservationID, attemptID: payment.attemptID,
                                      outcome: outcome, order: order, record: record, counter: "", probe: probe)
        } catch {
            logger.warning("payment outcome not recorded; left to reconciliation", metadata: [
                "sale": "\(payment.saleID)", "attempt": "\(payment.attemptID)", "outcome": "\(outcome)", "error": "\(error)",
            ])
            return CommitAnswer.pending(reservationID: payment.reservationID, retryAfterSeconds: Self.seconds(ms: payments.retryMs))
        }
        switch finish.code {
        case "committed":
            return CommitAnswer(status: 200, body: Self.committedBody(order: try finish.text(1), reservation: payment.reservationID))
        case "declined":
            if probe { throw SaleEngineError.paused }
            return CommitAnswer(status: 402, body: Self.declinedBody(outcome))
        case "pending":
            return CommitAnswer.pending(reservationID: payment.reservationID, retryAfterSeconds: Self.seconds(ms: payments.retryMs))
        default:
            try await voidQueued(saleID: payment.saleID)
            return CommitAnswer(status: 410, body: Self.goneBody)
        }
    }

    /// The gateway's answer, cut at the gateway timeout: an error or no answer in time is unknown.
    private func charge(_ payment: PaymentRequest) async -> PaymentOutcome {
        let gateway = self.gateway
        let timeout = payments.gatewayTimeout
        return await withTaskGroup(of: PaymentOutcome?.self) { group in
            group.addTask {
                do { return try await gateway.charge(payment) } catch { return .unknown(reason: "\(error)") }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .unknown(reason: "no answer within \(timeout)")
            }
            var outcome: PaymentOutcome = .unknown(reason: "no answer")
            for await answer in group {
                guard let answer else { continue }
                outcome = answer
                break
            }
            group.cancelAll()
            return outcome
        }
    }

    /// Waits until no payment this process started is still running, at most `limit`, so that
    /// a graceful stop lets payments answered `payment_pending` settle; one still running then is
    /// left to the reconciliation pass (the reservation is held for it).
    public func settlePaymentsInFlight(atMost limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while waiters.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `commit_finish.lua` for an attempt with its outcome.
    /// - Parameters:
    ///   - record: the attempt's idempotency record (the reservation's `idem` field).
    ///   - counter: a funnel counter to count the outcome in as well ('' for none).
    ///   - probe: whether the attempt is the payment guard's probe (declined, it leaves no answer on its key).
    func settle(saleID: String, reservationID: String, attemptID: String, outcome: PaymentOutcome, order: String, record: String,
                counter: String, probe: Bool = false) async throws -> ScriptReply {
        let keys = SaleKeys(saleID: saleID)
        let code = switch outcome {
        case .paid: "paid"
        case .declined: "declined"
        case .unknown: "unknown"
        }
        return try await run(scripts.commitFinish, keys: keys.commitFinishKeys(reservationID: reservationID, idempotency: record), arguments: [
            reservationID, code, attemptID, order, Self.committedBody(order: order, reservation: reservationID),
            Self.declinedBody(outcome), Self.goneBody, String(payments.retryMs), counter, probe ? "1" : "0",
        ])
    }

    private static func commitRefusal(_ code: String) -> SaleEngineError {
        switch code {
        case "idempotency_mismatch": .idempotencyKeyReused
        case "not_found": .reservationNotFound
        case "paused": .paused
        case "closed": .saleClosed
        case "cancelled": .reservationCancelled
        default: .protocolDrift("commit_begin answered \(code)")
        }
    }

    static func committedBody(order: String, reservation: String) -> String {
        #"{"order_id":"\#(order)","reservation_id":"\#(reservation)","status":"committed"}"#
    }

    static func declinedBody(_ outcome: PaymentOutcome) -> String {
        var message = "The payment did not go through; the reservation is kept until it expires."
        if case .declined(let reason) = outcome { message = reason + " The reservation is kept until it expires." }
        return Self.errorBody(code: "payment_failed", message: message)
    }

    static let goneBody = errorBody(code: "reservation_expired", message: "The reservation has expired or was released; no charge stands.")

    static func errorBody(code: String, message: String) -> String {
        let object = ["error": ["code": code, "message": message]]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(object), as: UTF8.self)) ?? #"{"error":{"code":"\#(code)","message":""}}"#
    }

    /// Whole seconds for `Retry-After`, at least 1.
    static func seconds(ms: Int) -> Int {
        max(1, (ms + 999) / 1_000)
    }
}
