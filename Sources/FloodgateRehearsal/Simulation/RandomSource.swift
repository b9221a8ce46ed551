import FloodgateCore
/// A seeded generator (SplitMix64), so that a profile's seed repeats the shoppers' choices.
struct RandomSource: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in 0..<1.
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// `milliseconds` stretched or shrunk by up to `spread` (0.1: ±10%), so timers do not fire in lockstep.
    mutating func jitter(_ milliseconds: Int, spread: Double = 0.1) -> Int {
        max(0, Int(saturating: Double(milliseconds) * (1 - spread + 2 * spread * unit())))
    }
}
