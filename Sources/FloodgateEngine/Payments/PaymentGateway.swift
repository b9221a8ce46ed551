/// Takes payments for commits and gives them back at rollback. Every call names a payment
/// attempt; a gateway must treat a repeated call for the same attempt as the same call.
public protocol PaymentGateway: Sendable {
    /// Charges for one reservation.
    /// - Returns: whether the payment went through.
    /// - Throws: when the gateway cannot be reached (the commit answers 402 and holds the cart).
    func charge(_ payment: PaymentRequest) async throws -> PaymentOutcome

    /// Gives back a charged attempt's money (rollback refunds).
    func refund(saleID: String, attemptID: String) async throws

    /// Cancels an attempt whose reservation expired while it was being paid: no charge stands.
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
    /// How long each payment takes.
    public var latencyMs: Int

    /// Creates settings.
    public init(failureRate: Double, latencyMs: Int) {
        self.failureRate = failureRate
        self.latencyMs = latencyMs
    }
}

/// Whether a payment went through.
public enum PaymentOutcome: Sendable, Hashable {
    case paid
    case declined(reason: String)
}
