/// How long a payment may take, in one place: the gateway call is cut at ``gatewayTimeout``
/// (its outcome is then unknown), and the reservation is held for the attempt (off the expiry
/// index, whatever its TTL) until ``holdMs`` after the attempt began, when the reconciliation
/// pass asks the gateway what became of it. A payment can thus never outlast its hold: what
/// the gateway did not answer in time is settled from the gateway's own record, never guessed.
/// A declined or settled attempt returns the reservation to its TTL (expired at once if the
/// TTL ran out meanwhile).
public struct PaymentPolicy: Sendable, Hashable {
    /// The longest a charge call may take before its outcome counts as unknown.
    public var gatewayTimeout: Duration
    /// Time beyond the gateway timeout to record the outcome in Redis.
    public var recordingMargin: Duration
    /// How long after an unknown outcome (or a failed status call) the gateway is asked again.
    public var reconcileRetry: Duration
    /// The longest a commit waits for its payment's outcome before answering `payment_pending`.
    public var answerWithin: Duration
    /// While the payment guard holds a sale paused, one commit per this interval is let through
    /// to the gateway as a probe (a circuit breaker's half-open state), so that the guard sees
    /// the provider answer again; the other commits are answered 503 and keep their carts.
    public var probeInterval: Duration

    /// A policy; the defaults suit a card gateway (10 s timeout) and the 300 ms checkout budget
    /// (answers within 250 ms).
    public init(gatewayTimeout: Duration = .seconds(10), recordingMargin: Duration = .seconds(5), reconcileRetry: Duration = .seconds(2),
                answerWithin: Duration = .milliseconds(250), probeInterval: Duration = .milliseconds(500)) {
        self.gatewayTimeout = gatewayTimeout
        self.recordingMargin = recordingMargin
        self.reconcileRetry = reconcileRetry
        self.answerWithin = answerWithin
        self.probeInterval = probeInterval
    }

    /// How long a reservation is held for one payment attempt, in ms: the gateway timeout plus the recording margin.
    public var holdMs: Int { Self.milliseconds(gatewayTimeout + recordingMargin) }

    /// ``reconcileRetry`` in ms.
    public var retryMs: Int { Self.milliseconds(reconcileRetry) }

    /// ``probeInterval`` in ms.
    public var probeIntervalMs: Int { Self.milliseconds(probeInterval) }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(clamping: seconds) &* 1_000 &+ Int(attoseconds / 1_000_000_000_000_000)
    }
}
