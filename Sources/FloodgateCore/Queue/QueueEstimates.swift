/// What `GET /queue/status` tells a waiting shopper, derived from their position and the admission cursor.
///
/// With `position` p (1-based), `admitted_through` a (every position <= a is admitted) and
/// `admit_per_second` r:
/// - admitted: `p <= a`;
/// - `ahead` = 0 when admitted, else `p - a - 1` (shoppers still to be admitted before this one);
/// - `eta_seconds` = 0 when admitted, else `ceil((ahead + 1) / r)` (time until the cursor reaches p),
///   `nil` (unknown) when `r <= 0`, at most 1,000,000,000;
/// - `poll_after_ms` = 5,000 when admitted (the state now changes only on sold out, close or window
///   expiry); 10,000 when `r <= 0` (paused or throttled to zero); else `eta_seconds × 250`
///   (about four polls before one's turn) clamped to 1,000...30,000.
public struct QueueEstimate: Sendable, Hashable {
    /// The shortest poll interval, for shoppers near the front.
    public static let minPollMs = 1_000
    /// The longest poll interval, for shoppers far back.
    public static let maxPollMs = 30_000
    /// The poll interval once admitted.
    public static let admittedPollMs = 5_000
    /// The poll interval while nobody is being admitted.
    public static let stalledPollMs = 10_000

    /// Whether the position is admitted.
    public let isAdmitted: Bool
    /// Shoppers still to be admitted before this one.
    public let ahead: UInt64
    /// Seconds until admission at the current rate; `nil` when the rate is 0.
    public let etaSeconds: Int?
    /// When the client should poll again, in milliseconds.
    public let pollAfterMs: Int

    /// Computes the estimate; see the type's documentation for the formulas.
    /// - Parameters:
    ///   - position: The shopper's queue position, 1-based.
    ///   - admittedThrough: The highest admitted position (0 before anyone is admitted).
    ///   - admitPerSecond: The current admission rate.
    public init(position: UInt64, admittedThrough: UInt64, admitPerSecond: Double) {
        isAdmitted = position <= admittedThrough
        guard !isAdmitted else {
            ahead = 0
            etaSeconds = 0
            pollAfterMs = Self.admittedPollMs
            return
        }
        ahead = position - admittedThrough - 1
        guard admitPerSecond > 0 else {
            etaSeconds = nil
            pollAfterMs = Self.stalledPollMs
            return
        }
        let eta = Int(saturating: min(((Double(ahead) + 1) / admitPerSecond).rounded(.up), 1_000_000_000))
        etaSeconds = eta
        pollAfterMs = min(max(eta * 250, Self.minPollMs), Self.maxPollMs)
    }
}
