import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("The alerts view (!): active alerts then history, a acknowledges, new since you looked")
struct AlertsViewTests {
    let now = TelemetryFixture.now

    static let conservation = GuardAlert(id: "1796148190000-conservation", severity: .critical, guardName: "conservation",
                                         figure: "A: initial 100 + added 0 != available 105 + reserved 0 + sold 0", action: "pause",
                                         since: "2026-12-01T18:03:10Z", dryRun: false)
    static let overload = GuardAlert(id: "1796148142000-overload", severity: .warning, guardName: "overload", figure: "shed 12 polls in 1 s",
                                     action: "alert", since: "2026-12-01T18:02:22Z", dryRun: true)
    static let expiry = GuardAlert(id: "1796148060000-expiry_rate", severity: .warning, guardName: "expiry_rate", figure: "expiries 0.62 > 0.50 over 30 s",
                                   action: "alert", since: "2026-12-01T18:01:00Z", clearedAt: "2026-12-01T18:02:00Z",
                                   acknowledgedBy: "oscar@10.0.0.7", acknowledgedAt: "2026-12-01T18:01:30Z", dryRun: false)

    static func model(readonly: Bool = false, alerts: [GuardAlert] = [expiry, overload, conservation]) -> ConsoleModel {
        TelemetryFixture.model(readonly: readonly) { $0.alerts = alerts }
    }

    @Test("! lists the active alerts first, then the history: severity, age, guard, state, the figure and who acknowledged it when")
    func listing() throws {
        var model = Self.model()
        #expect(model.handle(.character("!"), now: now).isEmpty)
        let text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("Alerts of drop-1 2 active · 1 in history"), "\(text)")
        #expect(text.contains("severity  age     guard             state    figure — action"))
        let rows = text.split(separator: "\n").map(String.init)
        let conservation = try #require(rows.firstIndex { $0.contains("▸ CRITICAL  12s     conservation      ACTIVE   A: initial 100 + added 0") })
        let overload = try #require(rows.firstIndex { $0.contains("WARNING   1m00s   overload          ACTIVE   shed 12 polls in 1 s — would alert") })
        let expiry = try #require(rows.firstIndex { $0.contains("WARNING   2m22s   expiry_rate       cleared  expiries 0.62 > 0.50 over 30 s — alert") })
        #expect(conservation < overload && overload < expiry)
        #expect(rows[conservation].contains("not acknowledged"))
        #expect(rows[expiry].contains("oscar@10.0.0.7 18:01:30"))
        #expect(!text.contains("Inventory"))
        _ = model.handle(.enter, now: now)
        let open = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(open.contains("guard    conservation") && open.contains("acked    not acknowledged"), "\(open)")
        _ = model.handle(.character("x"), now: now)
        _ = model.handle(.escape, now: now)
        #expect(model.mode == .normal)
    }

    @Test("the summary line counts the alerts raised since the view was last opened; opening it resets the count")
    func newSinceYouLooked() {
        var model = Self.model()
        #expect(model.newAlertCount == 2, "the two active when the console started; the cleared one is old news")
        #expect(TelemetryFixture.render(model, width: 120, height: 40).rowText(1).contains("2 ALERTS, 2 new (!)"))
        _ = model.handle(.character("!"), now: now)
        _ = model.handle(.escape, now: now)
        #expect(model.newAlertCount == 0)
        #expect(!TelemetryFixture.render(model, width: 120, height: 40).rowText(1).contains("new"))
        var snapshot = TelemetryFixture.snapshot(tick: 12)
        let payments = GuardAlert(id: "1796148201000-payment_success", severity: .critical, guardName: "payment_success",
                                  figure: "payment success 0.20 < 0.50 over 20 attempts", action: "throttle ×0.5", since: "2026-12-01T18:03:21Z", dryRun: false)
        snapshot.alerts = [payments, Self.conservation, Self.overload, Self.expiry]
        _ = model.apply(.snapshot(snapshot, receivedAt: now), now: now)
        #expect(model.newAlertCount == 1)
        #expect(TelemetryFixture.render(model, width: 120, height: 40).rowText(1).contains("3 ALERTS, 1 new (!)"))
    }

    @Test("a acknowledges the selected alert through the admin API; the selection stays on it when a new alert arrives; an acknowledged one is not sent again")
    func acknowledge() {
        var model = Self.model()
        _ = model.apply(.signedIn(OperatorSignIn(name: "oscar", role: .operator)), now: now)
        _ = model.handle(.character("!"), now: now)
        _ = model.handle(.down, now: now)
        var snapshot = TelemetryFixture.snapshot(tick: 12)
        let newer = GuardAlert(id: "1796148201000-server_errors", severity: .critical, guardName: "server_errors", figure: "5xx 9%",
                               action: "throttle ×0.5", since: "2026-12-01T18:03:21Z", dryRun: false)
        snapshot.alerts = [newer, Self.conservation, Self.overload, Self.expiry]
        _ = model.apply(.snapshot(snapshot, receivedAt: now), now: now)
        #expect(model.handle(.character("a"), now: now) == [.perform(.acknowledge(alertID: Self.overload.id), saleID: "drop-1")])
        guard case .alerts = model.mode else { Issue.record("left the alerts view"); return }
        _ = model.apply(.actionFinished(.acknowledge(alertID: Self.overload.id), saleID: "drop-1", .succeeded(detail: nil), at: now), now: now)
        #expect(model.status?.text == "acknowledge alert \(Self.overload.id) on drop-1: done")
        for _ in 0..<5 { _ = model.handle(.down, now: now) }
        #expect(model.handle(.character("a"), now: now).isEmpty)
        #expect(model.status?.text == "already acknowledged by oscar@10.0.0.7")
    }

    @Test("read-only, or an observer: a is greyed and sends nothing, and the status line says why")
    func refused() throws {
        var readonly = Self.model(readonly: true)
        _ = readonly.handle(.character("!"), now: now)
        #expect(readonly.handle(.character("a"), now: now).isEmpty)
        #expect(readonly.status?.text == "read-only console: a is not bound (started with --readonly)")
        let grid = TelemetryFixture.render(readonly, width: 120, height: 40)
        let footer = grid.rowText(37)
        let column = try #require(footer.range(of: "a acknowledge").map { footer.distance(from: footer.startIndex, to: $0.lowerBound) })
        #expect(grid[column, 37].role == .dim)
        var observer = Self.model()
        _ = observer.apply(.signedIn(OperatorSignIn(name: "olga", role: .observer)), now: now)
        _ = observer.handle(.character("!"), now: now)
        #expect(observer.handle(.character("a"), now: now).isEmpty)
        #expect(observer.status?.text == "a needs the operator role; olga is an observer")
        var oscar = Self.model()
        _ = oscar.apply(.signedIn(OperatorSignIn(name: "oscar", role: .operator)), now: now)
        _ = oscar.handle(.character("!"), now: now)
        #expect(TelemetryFixture.render(oscar, width: 120, height: 40)[column, 37].role == .key)
    }

    @Test("the help names ! and still fits 80x24, its frame whole")
    func help() {
        var model = Self.model()
        _ = model.handle(.character("?"), now: now)
        let text = TelemetryFixture.render(model, width: 80, height: 24).text
        #expect(text.contains("A · !") && text.contains("alerts (a acknowledges)"), "\(text)")
        #expect(text.contains("─ Keys ─") && text.contains("any key closes"), "\(text)")
    }

    @Test("acknowledging is an operator's call to alerts/{id}/ack, audited as acknowledge, in any sale state")
    func action() {
        let action = ControlAction.acknowledge(alertID: "1796148190000-conservation")
        #expect(action.endpoint == "alerts/1796148190000-conservation/ack")
        #expect(action.requiredRole == .operator)
        #expect(action.auditAction == "acknowledge")
        #expect(action.body(saleID: "drop-1") == "{}" && !action.needsConfirmation)
        #expect(action.refusal(inState: "closed") == nil)
    }
}
