/// How far a population of shoppers got, counted by the shoppers themselves.
public struct Funnel: Sendable, Encodable, Hashable {
    public var arrived = 0
    /// Registered (201 or 200).
    public var registered = 0
    /// Registration answers 429 (rate limited).
    public var rateLimited = 0
    /// Seen admitted on `/queue/status`.
    public var admitted = 0
    /// Reservations made (201).
    public var reserved = 0
    /// Commits acknowledged (200).
    public var committed = 0
    /// Reservations cancelled (200).
    public var cancelled = 0
    /// Payments declined (402 answers).
    public var paymentDeclined = 0

    enum CodingKeys: String, CodingKey {
        case arrived, registered, rateLimited = "rate_limited", admitted, reserved, committed, cancelled
        case paymentDeclined = "payment_declined"
    }
}

/// How a simulated shopper's visit ended.
public enum ShopperOutcome: String, CaseIterable, Sendable, Encodable, Hashable {
    case bought
    case paymentDeclined = "payment_declined"
    case cancelled
    case abandonedCart = "abandoned_cart"
    case soldOut = "sold_out"
    case limitReached = "limit_reached"
    case reservationLost = "reservation_lost"
    case registrationClosed = "registration_closed"
    case rateLimited = "rate_limited"
    case tokenRefused = "token_refused"
    case admissionExpired = "admission_expired"
    case saleClosed = "sale_closed"
    /// Still waiting in the queue when the duration ended.
    case timeUp = "time_up"
    /// Gave up after repeated errors or timeouts.
    case gaveUp = "gave_up"
    /// Still in checkout when the drain ended.
    case cutOff = "cut_off"
    /// An attacker that finished its attack.
    case attackDone = "attack_done"
}

/// A commit the API acknowledged (200): it must be in the ledger after every fault.
struct AcknowledgedCommit: Sendable, Hashable {
    let orderID: String
    let reservationID: String
    let userID: String
}

/// A registration as its shopper saw it, for the registration-order check.
struct RegistrationRecord: Sendable, Hashable {
    let ticket: UInt64
    /// When the shopper first asked to register, in ns since the start.
    let firstAsked: Int64
    /// When the answer came, in ns since the start.
    let answered: Int64
}
