/// How fast shoppers arrive: a baseline rate all along, and one spike that climbs from the
/// baseline to `spikeMultiplier` times the baseline over `rampSeconds`, holds, and falls back
/// over `rampSeconds` (a trapezoid; a triangle when the ramps take the whole spike).
public struct ArrivalCurve: Sendable, Hashable {
    /// Shoppers arriving a second outside the spike.
    public var baselinePerSecond: Double = 10
    /// When the spike starts, in seconds from the start of the rehearsal.
    public var spikeAtSeconds: Double = 0
    /// The spike's peak rate as a multiple of the baseline (1: no spike).
    public var spikeMultiplier: Double = 1
    /// How long the spike lasts, ramps included.
    public var spikeSeconds: Double = 0
    /// How long the spike takes to climb to its peak, and to fall back.
    public var rampSeconds: Double = 0

    /// A curve with the defaults: 10 shoppers a second, no spike.
    public init() {}

    /// The arrival rate (shoppers a second) at `seconds` from the start.
    public func rate(at seconds: Double) -> Double {
        baselinePerSecond * (1 + (spikeMultiplier - 1) * spikeShape(at: seconds))
    }

    /// How many shoppers have arrived from the start through `seconds` (the rate's integral).
    public func arrivals(through seconds: Double) -> Double {
        guard seconds > 0 else { return 0 }
        return baselinePerSecond * (seconds + (spikeMultiplier - 1) * spikeArea(through: seconds))
    }

    private var ramp: Double { min(max(rampSeconds, 0), spikeSeconds / 2) }

    /// The spike's height at `seconds`, from 0 (baseline) to 1 (peak).
    private func spikeShape(at seconds: Double) -> Double {
        let offset = seconds - spikeAtSeconds
        guard offset >= 0, offset < spikeSeconds else { return 0 }
        guard ramp > 0 else { return 1 }
        return min(1, offset / ramp, (spikeSeconds - offset) / ramp)
    }

    /// The area under `spikeShape` from the start through `seconds`.
    private func spikeArea(through seconds: Double) -> Double {
        let offset = min(max(seconds - spikeAtSeconds, 0), spikeSeconds)
        guard ramp > 0 else { return offset }
        let rise = min(offset, ramp)
        var area = rise * rise / (2 * ramp)
        area += max(0, min(offset, spikeSeconds - ramp) - ramp)
        let fall = offset - (spikeSeconds - ramp)
        if fall > 0 { area += fall - fall * fall / (2 * ramp) }
        return area
    }
}

extension ArrivalCurve: Decodable {
    static let keys = ["baseline_per_second", "spike_at_seconds", "spike_multiplier", "spike_seconds", "ramp_seconds"]

    public init(from decoder: any Decoder) throws {
        let object = try decoder.profileObject(allowed: Self.keys)
        baselinePerSecond = try object.value("baseline_per_second", or: baselinePerSecond)
        spikeAtSeconds = try object.value("spike_at_seconds", or: spikeAtSeconds)
        spikeMultiplier = try object.value("spike_multiplier", or: spikeMultiplier)
        spikeSeconds = try object.value("spike_seconds", or: spikeSeconds)
        rampSeconds = try object.value("ramp_seconds", or: rampSeconds)
    }

    /// What is wrong with the curve, one line each.
    func problems() -> [String] {
        var problems: [String] = []
        if !(0...100_000).contains(baselinePerSecond) { problems.append("arrival.baseline_per_second: must be from 0 to 100000") }
        if !(1...1_000).contains(spikeMultiplier) { problems.append("arrival.spike_multiplier: must be from 1 to 1000") }
        if spikeAtSeconds < 0 || spikeSeconds < 0 || rampSeconds < 0 { problems.append("arrival: times must not be negative") }
        return problems
    }
}
