import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("Every sale: :sale ID switches, S lists the sales")
struct SalesOverviewTests {
    let now = TelemetryFixture.now

    @Test(":sale ID watches another sale from a fresh history; a bad id is refused")
    func switchSale() {
        var model = TelemetryFixture.model()
        for character in ":sale drop-2" { _ = model.handle(.character(character), now: now) }
        #expect(model.handle(.enter, now: now) == [.selectSale("drop-2")])
        #expect(model.selection == .selected("drop-2") && model.live.latest == nil)
        for character in ":sale a/b" { _ = model.handle(.character(character), now: now) }
        #expect(model.handle(.enter, now: now).isEmpty)
        #expect(model.status?.tone == .failure)
    }

    @Test("S reads every sale and lists state, sell-through, queue, active alerts and a guard's pause; Enter watches the highlighted one")
    func overview() {
        var model = TelemetryFixture.model()
        #expect(model.handle(.character("S"), now: now) == [.loadOverview])
        _ = model.apply(.overview([
            SaleOverview(id: "drop-1", name: "Sneaker drop", state: "running", sellThrough: 0.538, queue: 1200, pausedBy: nil),
            SaleOverview(id: "drop-2", name: "Hoodies", state: "paused", sellThrough: 0.1, queue: 40, pausedBy: "guard:conservation", activeAlerts: 2),
        ]), now: now)
        let text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("Sales on http://127.0.0.1:8080 2"))
        #expect(text.contains("▸ drop-1  Sneaker drop          RUNNING   sold  53.8%  queue    1,200  0 alerts  (watching)"), "\(text)")
        #expect(text.contains("drop-2  Hoodies               PAUSED   sold  10.0%  queue       40  2 ALERTS  paused by guard:conservation"), "\(text)")
        _ = model.handle(.down, now: now)
        #expect(model.handle(.enter, now: now) == [.selectSale("drop-2")])
        #expect(model.mode == .normal && model.selection == .selected("drop-2"))
    }
}
