/// Delays between reconnection attempts: doubling from `initial` up to `maximum`, reset after a
/// connection that delivered data.
public struct Backoff: Sendable, Hashable {
    /// The first delay, seconds.
    public let initial: Double
    /// The longest delay, seconds.
    public let maximum: Double
    private var attempt = 0

    /// A backoff starting at `initial` seconds.
    public init(initial: Double = 0.5, maximum: Double = 8) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next attempt, in seconds; each call doubles the following one.
    public mutating func next() -> Double {
        defer { attempt += 1 }
        var delay = initial
        for _ in 0..<min(attempt, 30) { delay *= 2 }
        return min(maximum, delay)
    }

    /// Starts again from `initial`.
    public mutating func reset() {
        attempt = 0
    }
}
