import FloodgateCore
import FloodgateEngine

extension APIError {
    /// The HTTP answer to an engine refusal: its status, code and message.
    init(_ error: SaleEngineError) {
        switch error {
        case .tokenRevoked: self = .tokenRevoked
        case .paused: self = .paused()
        case .saleClosed: self = APIError(status: 409, code: "sale_closed", message: "The sale is closed.")
        case .notAdmitted: self = .notAdmitted()
        case .admissionExpired: self = APIError(status: 403, code: "admission_expired", message: "Your admission window has passed.")
        case .unknownSKU(let sku): self = APIError.notFound("Unknown SKU \(sku).").with(code: "unknown_sku")
        case .limitReached(let held, let limit): self = .limitReached("You hold \(held) of at most \(limit) units.")
        case .soldOut(let sku): self = .soldOut("Not enough units of \(sku) are left.")
        case .reservationNotFound: self = .notFound("No such reservation.")
        case .alreadyCommitted: self = .alreadyCommitted()
        case .commitInProgress:
            self = APIError(status: 409, code: "commit_in_progress", message: "A payment for this reservation is in progress.")
        case .reservationExpired:
            self = APIError(status: 409, code: "reservation_expired", message: "The reservation has expired; its units went back to stock.")
        case .reservationCancelled: self = APIError(status: 409, code: "reservation_cancelled", message: "The reservation was cancelled.")
        case .idempotencyKeyReused:
            self = APIError(status: 409, code: "idempotency_key_reused", message: "This Idempotency-Key was used with another request body.")
        case .invalidState(let action, let state):
            self = APIError(status: 409, code: "invalid_state", message: "Cannot \(action) a sale that is \(state).")
        case .saleExists(let id): self = APIError(status: 409, code: "sale_exists", message: "A sale with id \(id) already exists.")
        case .registrationClosed(let notYetOpen):
            self = .registrationClosed(notYetOpen ? "Registration has not opened yet." : "Registration is closed.")
        case .challengeReused: self = .powInvalid("This challenge was already used; ask for a new one.")
        case .unknownSale(let id): self = APIError.notFound("Unknown sale \(id).").with(code: "unknown_sale")
        case .saleNotClosed(let id, let state):
            self = APIError(status: 409, code: "sale_not_closed", message: "Sale \(id) is \(state.rawValue); only a closed sale is archived.")
        case .archiveInProgress(let id): self = APIError(status: 409, code: "archive_in_progress", message: "Sale \(id) is being archived.")
        case .reservationsLive(let id, let count):
            self = APIError(status: 409, code: "reservations_live",
                            message: "Sale \(id) has \(count) live reservations; archive it once they have ended (within their TTL).")
        case .redis: self = .unavailable("Redis is not answering; try again shortly.")
        case .protocolDrift, .malformedData: self = .internalError()
        }
    }
}

extension SaleEngineError {
    /// The `Retry-After` of the answer, when there is one: a paused sale's checkout is asked again
    /// shortly (carts keep their time while paused; the payment guard's probes need commits).
    var retryAfterSeconds: Int? {
        if case .paused = self { 2 } else { nil }
    }
}
