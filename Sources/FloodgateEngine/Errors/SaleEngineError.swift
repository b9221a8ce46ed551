import FloodgateCore

/// Why the engine refused or failed an operation, in the sale's own terms. The HTTP layer maps
/// each case to its status and error code (`SaleEngineError+HTTP.swift` in FloodgateServer).
public enum SaleEngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The session's token was revoked by the bot defense.
    case tokenRevoked
    /// The sale is paused (or rolling back): no admission or checkout.
    case paused
    /// The sale is closed.
    case saleClosed
    /// The shopper's position has not been admitted yet.
    case notAdmitted
    /// The shopper's admission window has passed.
    case admissionExpired
    /// The sale has no such SKU.
    case unknownSKU(String)
    /// The shopper already holds `held` of at most `limit` units.
    case limitReached(held: Int, limit: Int)
    /// Not enough units of the SKU are left.
    case soldOut(sku: String)
    /// No such reservation for this shopper.
    case reservationNotFound
    /// The reservation was committed; it cannot be cancelled.
    case alreadyCommitted
    /// A payment for the reservation is under way or its outcome is not known yet.
    case commitInProgress
    /// The reservation's TTL ran out; its units went back to stock.
    case reservationExpired
    /// The reservation was cancelled or released.
    case reservationCancelled
    /// The Idempotency-Key was used with another request body.
    case idempotencyKeyReused
    /// The switch does not apply in the sale's current state.
    case invalidState(action: String, state: String)
    /// A sale with this id exists.
    case saleExists(String)
    /// Registration is not open: not yet, closed, halted or paused.
    case registrationClosed(notYetOpen: Bool)
    /// The proof-of-work challenge was used before.
    case challengeReused
    /// No such sale (or its keys are gone after an archive).
    case unknownSale(String)
    /// Only a closed sale is archived.
    case saleNotClosed(String, state: SaleState)
    /// The sale still has live reservations (reserved or being paid for): archiving now would
    /// miss how they end. They end within their TTL.
    case reservationsLive(String, count: Int)
    /// Another call (or daemon) is archiving the sale right now.
    case archiveInProgress(String)
    /// Redis failed or is out of reach; the operation may be retried.
    case redis(String)
    /// Redis answered something the engine does not understand (a script and the engine
    /// disagree): a bug, reported loudly rather than read as a default.
    case protocolDrift(String)
    /// A field the sale's keys must hold (written when the sale or a reservation was created:
    /// a window, a TTL, a quantity...) is missing or not a number: the script stopped before
    /// writing anything. Stored data and code disagree; never read as a default.
    case malformedData(String)

    public var description: String {
        switch self {
        case .tokenRevoked: "the queue token was revoked"
        case .paused: "the sale is paused"
        case .saleClosed: "the sale is closed"
        case .notAdmitted: "not admitted yet"
        case .admissionExpired: "the admission window has passed"
        case .unknownSKU(let sku): "unknown SKU \(sku)"
        case .limitReached(let held, let limit): "holds \(held) of at most \(limit) units"
        case .soldOut(let sku): "not enough units of \(sku) are left"
        case .reservationNotFound: "no such reservation"
        case .alreadyCommitted: "the reservation is already committed"
        case .commitInProgress: "a payment for the reservation is in progress"
        case .reservationExpired: "the reservation has expired"
        case .reservationCancelled: "the reservation was cancelled"
        case .idempotencyKeyReused: "the Idempotency-Key was used with another request body"
        case .invalidState(let action, let state): "cannot \(action) a sale that is \(state)"
        case .saleExists(let id): "a sale with id \(id) already exists"
        case .registrationClosed(let notYetOpen): notYetOpen ? "registration has not opened yet" : "registration is closed"
        case .challengeReused: "the proof-of-work challenge was already used"
        case .unknownSale(let id): "unknown sale \(id)"
        case .saleNotClosed(let id, let state): "sale \(id) is \(state.rawValue), not closed"
        case .reservationsLive(let id, let count): "sale \(id) has \(count) live reservations"
        case .archiveInProgress(let id): "sale \(id) is being archived"
        case .redis(let why): "Redis: \(why)"
        case .protocolDrift(let what): "unexpected reply from Redis: \(what)"
        case .malformedData(let what): "malformed data in Redis: \(what)"
        }
    }
}
