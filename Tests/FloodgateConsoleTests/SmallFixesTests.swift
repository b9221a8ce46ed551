import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("Smaller fixes: scroll caps, Esc clears the filter, payments, monochrome, command history")
struct SmallFixesTests {
    let now = TelemetryFixture.now

    @Test("scrolling stops at the end, so PgUp after many ↓ moves back at once")
    func scrollCap() {
        var model = TelemetryFixture.model()
        _ = model.handle(.backTab, now: now)
        for _ in 0..<30 { _ = model.handle(.down, now: now) }
        #expect(model.scroll[.events] == model.events.entries.count - 1)
        _ = model.handle(.pageUp, now: now)
        #expect(model.scroll[.events] == 0)
        _ = model.handle(.tab, now: now)
        for _ in 0..<30 { _ = model.handle(.pageDown, now: now) }
        #expect(model.scroll[model.focus] == 0, "the queue panel has nothing to scroll")
    }

    @Test("Esc on the dashboard clears an applied filter, as the help says")
    func escapeClearsFilter() {
        var model = TelemetryFixture.model()
        for key in [Key.character("/"), .character("g"), .character("u"), .enter] { _ = model.handle(key, now: now) }
        #expect(model.logFilter == "gu")
        _ = model.handle(.escape, now: now)
        #expect(model.logFilter.isEmpty)
        #expect(!TelemetryFixture.render(model).text.contains("/gu"))
    }

    @Test("payments: the overall success rate when none happened lately, not 'none yet' after commits")
    func paymentsOverall() {
        let model = TelemetryFixture.model { $0.payments.successRate = nil }
        let text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("payments   98.5% ok (all; none lately)"), "\(text)")
        let fresh = TelemetryFixture.model { $0.payments = TelemetryFixture.decode(#"{"attempts":0,"failures":0,"success_rate":null,"failure_rate_setting":0,"latency_ms_setting":50}"#) }
        #expect(TelemetryFixture.render(fresh, width: 120, height: 40).text.contains("payments   none yet"))
    }

    @Test("without colours the status line says monochrome, not a theme's name")
    func monochrome() {
        var model = TelemetryFixture.model()
        model.themeApplied("default", problem: nil, notice: "NO_COLOR is set: monochrome", announce: false, monochrome: true)
        let text = TelemetryFixture.render(model).rowText(22)
        #expect(text.contains("monochrome · http://127.0.0.1:8080"))
        #expect(!text.contains("theme default"))
    }

    @Test(": has a history: ↑ recalls the lines run before, ↓ comes back to an empty line")
    func commandHistory() {
        var model = TelemetryFixture.model()
        for line in ["throttle 40", "help"] {
            _ = model.handle(.character(":"), now: now)
            for character in line { _ = model.handle(.character(character), now: now) }
            _ = model.handle(.enter, now: now)
            _ = model.handle(.escape, now: now)
        }
        _ = model.handle(.character(":"), now: now)
        _ = model.handle(.up, now: now)
        #expect(model.mode == .command(LineEditor("help")))
        _ = model.handle(.up, now: now)
        _ = model.handle(.up, now: now)
        #expect(model.mode == .command(LineEditor("throttle 40")))
        _ = model.handle(.down, now: now)
        _ = model.handle(.down, now: now)
        #expect(model.mode == .command(LineEditor()))
        _ = model.handle(.up, now: now)
        _ = model.handle(.up, now: now)
        #expect(model.handle(.enter, now: now) == [.perform(.throttle(40), saleID: "drop-1")])
    }
}
