import FloodgateCore

/// The outcome of a registration.
public struct Registration: Sendable, Hashable {
    /// The shopper's registration number: the queue position in FIFO, the draw's input in a lottery.
    public var ticket: UInt64
    /// Whether this call registered the shopper (false: they had registered before).
    public var isNew: Bool
    /// The sale's state at registration.
    public var state: SaleState
    /// How many pre-registrations the lottery shuffled; nil before the draw (and for FIFO).
    public var drawCount: Int?
    /// The identities counted at the registration's origin when this call registered the shopper
    /// and recorded its origin; nil otherwise.
    public var crowd: BotCrowd?
}

/// A sale's admission figures as one tick left them: what `/queue/status` is served from.
public struct SaleClock: Sendable, Hashable {
    public var state: SaleState
    /// Positions up to this one are admitted.
    public var admittedThrough: UInt64
    /// Positions up to this one were admitted longer ago than the admission window.
    public var expiredThrough: UInt64
    /// Registrations so far.
    public var tickets: UInt64
    public var admitPerSecond: Double
    public var registrationOpen: Bool
    /// How many pre-registrations the lottery shuffled; nil before the draw (and for FIFO).
    public var drawCount: Int?
    /// Redis' clock when the tick ran (ms since 1970).
    public var nowMs: Int64
}

/// A unit reservation held for a shopper.
public struct Reservation: Sendable, Hashable {
    public var id: String
    public var sku: String
    public var qty: Int
    /// When the reservation expires (ms since 1970).
    public var expiresAtMs: Int64
}
