/// Takes payments for commits and gives them back at rollback. Every call names a payment
/// attempt; a gateway must treat a repeated call for the same attempt as the same call, and
/// keep a record of every attempt that ``status(saleID:attemptID:)`` answers from.
public protocol PaymentGateway: Sendable {
    /// Charges for one reservation.
    /// - Returns: ``PaymentOutcome/paid`` or ``PaymentOutcome/declined(reason:)`` when the
    ///   gateway knows; ``PaymentOutcome/unknown(reason:)`` when it cannot tell.
    /// - Throws: when the gateway cannot be reached or answers garbage: the outcome is then
    ///   unknown (the engine answers `payment_pending` and reconciles the attempt later).
    func charge(_ payment: PaymentRequest) async throws -> PaymentOutcome

    /// What became of an attempt, from the gateway's record.
    /// - Throws: when the gateway cannot tell now (the reconciliation pass asks again later).
    func status(saleID: String, attemptID: String) async throws -> PaymentAttemptStatus

    /// Gives back a charged attempt's money (rollback refunds).
    func refund(saleID: String, attemptID: String) async throws

    /// Makes sure no charge of the attempt stands: a charge is cancelled, and an attempt not
    /// charged yet can never be charged afterwards.
    func void(saleID: String, attemptID: String) async throws
}

/// One payment attempt.
public struct PaymentRequest: Sendable, Hashable {
    public var saleID: String
    /// Unique per attempt; the same attempt is never charged twice.
    public var attemptID: String
    public var reservationID: String
    public var sku: String
    public var qty: Int
    /// The simulated gateway's settings for this sale at the time of the attempt.
    public var simulation: PaymentSimulation

    /// Creates a request.
    public init(saleID: String, attemptID: String, reservationID: String, sku: String, qty: Int, simulation: PaymentSimulation) {
        self.saleID = saleID
        self.attemptID = attemptID
        self.reservationID = reservationID
        self.sku = sku
        self.qty = qty
        self.simulation = simulation
    }
}

/// How the simulated gateway behaves for a sale (changed at runtime for drills).
public struct PaymentSimulation: Sendable, Hashable {
    /// The share of payments declined, 0...1.
    public var failureRate: Double
    /// How long the gateway takes to answer (the charge itself lands at once).
    public var latencyMs: Int

    /// Creates settings.
    public init(failureRate: Double, latencyMs: Int) {
        self.failureRate = failureRate
        self.latencyMs = latencyMs
    }
}

/// What a charge call came to: paid, declined, or unknown (no answer, or an answer that
/// cannot be trusted: the money may or may not have moved).
public enum PaymentOutcome: Sendable, Hashable {
    case paid
    case declined(reason: String)
    case unknown(reason: String)
}

/// An attempt as the gateway's record shows it.
public enum PaymentAttemptStatus: String, Sendable, Hashable {
    /// The money was taken and stands.
    case charged
    /// The gateway refused the payment.
    case declined
    /// A charge was cancelled, or the attempt was fenced off before it was charged.
    case voided
    /// A charge was given back.
    case refunded
    /// The gateway never saw the attempt.
    case unknown
}
