/// How much `+` and `-` change the admission rate: about a tenth of it, on a round number.
public enum RateStep {
    /// The step for a rate: 1 below 20/s, 5 below 100/s, 10 below 500/s, 50 below 2000/s, then 100.
    public static func step(for rate: Int) -> Int {
        switch rate {
        case ..<20: 1
        case ..<100: 5
        case ..<500: 10
        case ..<2000: 50
        default: 100
        }
    }

    /// The rate after one `+` (`up`) or `-` from `rate`, never below 0.
    public static func next(from rate: Int, up: Bool) -> Int {
        let step = up ? step(for: rate) : step(for: max(0, rate - 1))
        return max(0, up ? rate + step : rate - step)
    }
}
