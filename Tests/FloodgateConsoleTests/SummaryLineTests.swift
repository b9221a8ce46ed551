import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("The first five seconds: the summary line under the header")
struct SummaryLineTests {
    @Test("state, time in and left, sell-through, sell-out ETA overall and the soonest SKU, alerts, the daemon")
    func running() {
        let model = TelemetryFixture.model {
            $0.startsAt = "2026-12-01T18:00:00Z"
            $0.endsAt = "2026-12-01T19:00:00Z"
        }
        let row = TelemetryFixture.render(model, width: 200, height: 60).rowText(1)
        #expect(row == " selling · 3m22s in, 56m38s left · sold 53.8% · sells out ~2m28s · 0 alerts · daemon answers", "\(row)")
    }

    @Test("paused by a guard: the reason first; alerts counted; stale: the daemon is silent, the line dim")
    func pausedAndStale() {
        var model = TelemetryFixture.model {
            $0.state = "paused"; $0.pausedBy = "guard:conservation"; $0.pauseReason = "stock not conserved"
            $0.alerts = [GuardAlert(id: "1-conservation", severity: .critical, guardName: "conservation", figure: "A", action: "pause",
                                    since: "2026-12-01T18:03:10Z", dryRun: false)]
        }
        let row = TelemetryFixture.render(model, width: 120, height: 40).rowText(1)
        #expect(row.hasPrefix(" paused: stock not conserved · "))
        #expect(row.contains("1 ALERT"))
        _ = model.apply(.connection(.lost(since: TelemetryFixture.now, reason: "refused", retryAt: TelemetryFixture.now)), now: TelemetryFixture.now)
        let stale = TelemetryFixture.render(model, width: 120, height: 40, at: TelemetryFixture.now.addingTimeInterval(12))
        #expect(stale.rowText(1).contains("daemon silent 12s"))
        #expect(stale.cells(row: 1).allSatisfy { $0.character == " " || $0.role == .dim })
    }

    @Test("before the start: starts in; sold out: SOLD OUT")
    func scheduledAndSoldOut() {
        let scheduled = TelemetryFixture.model { $0.state = "scheduled"; $0.startsAt = "2026-12-01T18:10:00Z" }
        #expect(TelemetryFixture.render(scheduled, width: 120, height: 40).rowText(1).hasPrefix(" scheduled · starts in 6m38s · "))
        let soldOut = TelemetryFixture.model { snapshot in
            snapshot.state = "sold_out"
            for index in snapshot.skus.indices { snapshot.skus[index].available = 0 }
        }
        #expect(TelemetryFixture.render(soldOut, width: 120, height: 40).rowText(1).contains("SOLD OUT"))
    }
}
