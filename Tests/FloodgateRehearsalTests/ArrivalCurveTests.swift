import Testing

@testable import FloodgateRehearsal

@Suite("The arrival curve: a baseline and one trapezoid spike")
struct ArrivalCurveTests {
    static func curve(ramp: Double) -> ArrivalCurve {
        var curve = ArrivalCurve()
        curve.baselinePerSecond = 10
        curve.spikeAtSeconds = 5
        curve.spikeMultiplier = 11
        curve.spikeSeconds = 4
        curve.rampSeconds = ramp
        return curve
    }

    @Test("the rate: baseline, climbing, peak, falling, baseline")
    func rate() {
        let curve = Self.curve(ramp: 1)
        #expect(curve.rate(at: 2) == 10)
        #expect(curve.rate(at: 5.5) == 60)
        #expect(curve.rate(at: 7) == 110)
        #expect(curve.rate(at: 8.5) == 60)
        #expect(curve.rate(at: 9.5) == 10)
    }

    @Test("arrivals are the rate's integral", arguments: [0.0, 1, 2, 3])
    func integral(ramp: Double) {
        let curve = Self.curve(ramp: ramp)
        var sum = 0.0
        let step = 0.001
        for index in 0..<12_000 {
            sum += curve.rate(at: (Double(index) + 0.5) * step) * step
            if index % 1_000 == 999 {
                let through = Double(index + 1) * step
                #expect(abs(curve.arrivals(through: through) - sum) < 0.5, "at \(through) s")
            }
        }
        // Four seconds of spike add (11 - 1) x 10 x (4 - ramp) shoppers, the ramps counting half.
        #expect(abs(curve.arrivals(through: 12) - (120 + 100 * (4 - min(ramp, 2)))) < 1e-9)
    }
}
