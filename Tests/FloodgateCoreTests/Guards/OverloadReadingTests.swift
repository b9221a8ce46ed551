import FloodgateCore
import Testing

@Suite("Overload guard: requests shed by the priority gates, counted per class over the window")
struct OverloadReadingTests {
    static func vitals(_ shed: [[String: Int]]) -> SaleVitals {
        let seconds = shed.enumerated().map { index, counts in
            var second = VitalsSecond(second: 100 - Int64(index))
            second.shed = counts
            return second
        }
        return SaleVitals(seconds: seconds, totals: VitalsSecond.Totals(reserved: 0, expired: 0), paymentOutcomes: [],
                          redisUnreachable: false, conservationViolations: [])
    }

    @Test("one shed request in the last second trips the defaults; the figure gives each class; nothing shed is clear")
    func defaults() {
        let settings = GuardSettings.defaults(for: .overload)
        #expect(settings.action == .alert && settings.severity == .warning)
        let shed = Self.vitals([["register": 3, "status": 1], ["checkout": 9]]).reading(.overload, settings)
        #expect(shed.tripped)
        #expect(shed.figure == "4 requests shed in the last 1s (register 3, status 1) (threshold 1)")
        let quiet = Self.vitals([[:], ["checkout": 9]]).reading(.overload, settings)
        #expect(!quiet.tripped && quiet.figure == "0 requests shed in the last 1s (threshold 1)")
    }

    @Test("a threshold over a window counts every second of the window")
    func window() {
        var settings = GuardSettings.defaults(for: .overload)
        settings.threshold = 10
        settings.window = 3
        #expect(!Self.vitals([["register": 4], ["register": 5], [:], ["register": 50]]).reading(.overload, settings).tripped)
        #expect(Self.vitals([["register": 4], ["register": 5], ["checkout": 1]]).reading(.overload, settings).tripped)
        #expect(settings.problems(for: .overload, at: "g").isEmpty)
        settings.threshold = 0.5
        #expect(settings.problems(for: .overload, at: "g").map(\.field) == ["g.threshold"])
    }
}
