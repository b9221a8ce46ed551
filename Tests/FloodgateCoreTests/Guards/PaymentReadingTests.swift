import FloodgateCore
import Testing

@Suite("Payment guard: success over the latest attempts, cleared early by a run of successes")
struct PaymentReadingTests {
    /// Vitals with `outcomes`, newest first (true: paid).
    static func reading(_ outcomes: [Bool], _ settings: GuardSettings = .defaults(for: .paymentSuccess)) -> GuardReading {
        SaleVitals(seconds: [], totals: VitalsSecond.Totals(reserved: 0, expired: 0), paymentOutcomes: outcomes,
                   redisUnreachable: false, conservationViolations: []).reading(.paymentSuccess, settings)
    }

    @Test("below 50% of the last 20 trips; fewer than 10 attempts never does")
    func threshold() {
        let outage = Array(repeating: false, count: 14) + Array(repeating: true, count: 6)
        #expect(Self.reading(outage).tripped)
        #expect(Self.reading(outage).figure == "payment success 30% over 20 attempts (threshold 50%)")
        #expect(!Self.reading(Array(repeating: false, count: 9)).tripped)
        #expect(!Self.reading(Array(repeating: true, count: 10) + Array(repeating: false, count: 10)).tripped)
    }

    @Test("the latest 5 attempts paid (half the minimum samples) clear it while the window still holds the outage; 4 do not")
    func recoveryStreak() {
        let outage = Array(repeating: false, count: 20)
        let four = Self.reading(Array(repeating: true, count: 4) + outage)
        #expect(four.tripped)
        let five = Self.reading(Array(repeating: true, count: 5) + outage)
        #expect(!five.tripped)
        #expect(five.figure == "payment success 25% over 20 attempts (threshold 50%), the latest 5 paid")
        // A success between failures is no streak: a flaky provider keeps the guard tripped.
        #expect(Self.reading([true, true, false, true, true, true] + outage).tripped)
    }

    @Test("the streak is half the minimum samples, at least 3")
    func streakLength() {
        var settings = GuardSettings.defaults(for: .paymentSuccess)
        settings.minSamples = 2
        settings.window = 8
        let failures = Array(repeating: false, count: 5)
        #expect(Self.reading([true, true] + failures, settings).tripped)
        #expect(!Self.reading([true, true, true] + failures, settings).tripped)
    }
}
