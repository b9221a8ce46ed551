import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("Event log: one line an action, the full text on Enter")
struct EventLogTests {
    let now = TelemetryFixture.now

    static func audit(_ id: String, action: String, detail: String = "", at: String = "2026-12-01T18:03:22Z") -> TelemetrySnapshot.AuditEntry {
        TelemetrySnapshot.AuditEntry(id: id, at: at, actor: "admin@127.0.0.1", action: action, detail: detail, result: "ok")
    }

    /// The model after `snapshot` with `audit` entries arrives.
    func receive(_ audit: [TelemetrySnapshot.AuditEntry], into model: inout ConsoleModel) {
        var snapshot = TelemetryFixture.snapshot(tick: 20)
        snapshot.audit = audit + snapshot.audit
        _ = model.apply(.snapshot(snapshot, receivedAt: now), now: now)
    }

    @Test("the console's result and the audit entry of the same action are one line, whichever comes first")
    func oneLine() {
        var model = TelemetryFixture.model()
        _ = model.apply(.actionFinished(.pause, saleID: "drop-1", .succeeded(detail: nil), at: now), now: now)
        receive([Self.audit("a-3", action: "pause", detail: "reason=operator")], into: &model)
        #expect(model.events.entries.filter { $0.text.contains("pause") }.count == 1)
        #expect(model.events.entries.first?.text == "pause on drop-1: ok")
        #expect(model.events.entries.first?.details.contains("actor admin@127.0.0.1") == true)

        var early = TelemetryFixture.model()
        receive([Self.audit("a-4", action: "close")], into: &early)
        _ = early.apply(.actionFinished(.close, saleID: "drop-1", .succeeded(detail: nil), at: now), now: now)
        #expect(early.events.entries.filter { $0.text.contains("close") }.count == 1)
        #expect(early.events.entries.first?.kind == .console)
    }

    @Test("another operator's action, and an old one, stay lines of their own")
    func unrelated() {
        var model = TelemetryFixture.model()
        receive([Self.audit("a-5", action: "throttle", at: "2026-12-01T18:01:00Z")], into: &model)
        _ = model.apply(.actionFinished(.throttle(40), saleID: "drop-1", .succeeded(detail: nil), at: now), now: now)
        #expect(model.events.entries.filter { $0.text.contains("throttle") }.count == 3, "fixture's, the old one, and ours")
    }

    @Test("with the log focused, ↑ ↓ select a line and Enter opens it in full; any key closes it")
    func detail() {
        let alert = GuardAlert(id: "1-conservation", severity: .critical, guardName: "conservation",
                               figure: "AJ1-RED-42: initial 500 + added 0 != available 311 + reserved 40 + sold 150; the sale was paused by guard:conservation",
                               action: "pause", since: "2026-12-01T18:03:10Z", dryRun: false)
        var model = TelemetryFixture.model { $0.alerts = [alert] }
        _ = model.handle(.backTab, now: now)
        #expect(model.focus == .events)
        let small = TelemetryFixture.render(model).text
        #expect(small.contains("▸") && small.contains("Events Enter opens"))
        #expect(!small.contains("the sale was paused by guard:conservation"), "cut on the dashboard")
        _ = model.handle(.enter, now: now)
        let open = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(open.contains("ALERT 18:03:1"), "\(open)")
        #expect(open.contains("[critical] conservation: AJ1-RED-42: initial 500") && open.contains("the sale was paused by guard:conservation — pause"), "\(open)")
        _ = model.handle(.character("x"), now: now)
        #expect(model.mode == .normal)
        _ = model.handle(.down, now: now)
        _ = model.handle(.enter, now: now)
        #expect(TelemetryFixture.render(model, width: 120, height: 40).text.contains("actor admin 127.0.0.1"))
    }
}
