/// The adaptive admission controller (`admission.mode = adaptive`): additive increase,
/// multiplicative decrease (AIMD), once a second, within the operator's floor and ceiling.
///
/// Why AIMD and not a PI controller: the plant is badly known and slow. Shoppers admitted now
/// reach checkout seconds to minutes later, so latency answers a rate change with a long,
/// varying lag; a PI controller tuned for one lag oscillates or winds up at another, and its
/// integral must be fenced at the bounds. AIMD needs no model and no tuning beyond its two
/// steps, backs off fast when checkout suffers (×0.7) and probes back slowly (+1/10 of the
/// range a second), the way TCP shares a link. It cannot lock itself out: the rate never goes
/// below the floor, and a second without checkout traffic counts as healthy, so an idle sale
/// climbs back from the floor by itself.
public struct AdaptiveAdmission: Sendable, Hashable {
    /// The rate is multiplied by this when checkout is over target or payments fail.
    public static let decrease = 0.7
    /// The rate grows by this share of the range (ceiling - floor) a second while healthy.
    public static let increaseShare = 0.1

    public var floor: Double
    public var ceiling: Double
    public var targetP99Ms: Double

    /// Creates a controller for the bounds and target.
    public init(floor: Double, ceiling: Double, targetP99Ms: Double) {
        self.floor = floor
        self.ceiling = max(floor, ceiling)
        self.targetP99Ms = targetP99Ms
    }

    /// The next rate from the current one.
    /// - Parameters:
    ///   - checkoutP99Ms: the last second's checkout p99; nil when there was no checkout traffic (idle).
    ///   - paymentsFailing: whether the payment guard's condition holds.
    ///   - stockLeft: whether any unit is still available (no point admitting more otherwise).
    /// - Returns: the new rate and why, in words.
    public func next(rate: Double, checkoutP99Ms: Double?, paymentsFailing: Bool, stockLeft: Bool) -> (rate: Double, why: String) {
        let current = min(ceiling, max(floor, rate))
        if paymentsFailing {
            return (max(floor, current * Self.decrease), "payments failing")
        }
        if let p99 = checkoutP99Ms, p99 > targetP99Ms {
            return (max(floor, current * Self.decrease), "checkout p99 \(Int(p99.rounded())) ms over \(targetP99Ms.plainText) ms")
        }
        guard stockLeft else { return (current, "no stock left") }
        let step = max(0.01, (ceiling - floor) * Self.increaseShare)
        let why = checkoutP99Ms.map { "checkout p99 \(Int($0.rounded())) ms within \(targetP99Ms.plainText) ms" } ?? "idle checkout"
        return (min(ceiling, current + step), why)
    }
}
