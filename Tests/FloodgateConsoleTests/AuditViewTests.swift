import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("The audit view (A): the trail full screen, filterable, an entry in full on Enter")
struct AuditViewTests {
    let now = TelemetryFixture.now

    static let trail = [
        TelemetrySnapshot.AuditEntry(id: "3", at: "2026-12-01T18:03:00Z", actor: "oscar@10.0.0.7", action: "pause",
                                     detail: "reason=" + String(repeating: "payment gateway timing out; ", count: 6), result: "ok"),
        TelemetrySnapshot.AuditEntry(id: "2", at: "2026-12-01T18:02:10Z", actor: "olga@10.0.0.8", action: "rollback", detail: "refund=none", result: "forbidden"),
        TelemetrySnapshot.AuditEntry(id: "1", at: "2026-12-01T18:00:00Z", actor: "admin@127.0.0.1", action: "create", detail: "Sneaker drop", result: "ok"),
    ]

    @Test("A asks for the trail and shows it full screen; / filters; Enter opens the entry; Esc clears the filter, then leaves")
    func browse() {
        var model = TelemetryFixture.model()
        #expect(model.handle(.character("A"), now: now) == [.loadAudit("drop-1")])
        _ = model.apply(.auditTrail(Self.trail), now: now)
        var text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("Audit trail of drop-1 3 of 3 entries"))
        #expect(text.contains("▸ 2026-12-01 18:03:00 oscar@10.0.0.7"))
        #expect(text.contains("olga@10.0.0.8") && text.contains("forbidden"))
        #expect(!text.contains("Inventory"))
        for key in [Key.character("/"), .character("r"), .character("o"), .character("l"), .enter] { _ = model.handle(key, now: now) }
        text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("1 of 3 entries matching /rol"))
        #expect(!text.contains("oscar@10.0.0.7"))
        _ = model.handle(.escape, now: now)
        _ = model.handle(.enter, now: now)
        text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("Audit entry") && text.contains("id      3"))
        #expect(text.contains("payment gateway timing out; payment gateway timing out;"), "the whole detail, wrapped")
        _ = model.handle(.character("x"), now: now)
        guard case .audit(let browser) = model.mode else { Issue.record("left the audit view"); return }
        #expect(!browser.open)
        _ = model.handle(.escape, now: now)
        #expect(model.mode == .normal)
        #expect(TelemetryFixture.render(model, width: 120, height: 40).text.contains("Inventory"))
    }
}
