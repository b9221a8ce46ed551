import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("Frames render as text")
struct FrameTests {
    @Test("80x24: every panel, the figures, the state badge and the key bar fit")
    func smallScreen() {
        let grid = TelemetryFixture.render(TelemetryFixture.model())
        let text = grid.text
        #expect(grid.width == 80 && grid.height == 24)
        #expect(grid.rowText(0).hasPrefix(" FLOODGATE  drop-1 Sneaker drop   RUNNING   reg open"))
        #expect(grid.rowText(0).hasSuffix("● LIVE 0.4s  18:03:22"))
        for title in ["Queue", "Inventory", "Reservations", "Funnel", "Bots", "Health", "Events"] {
            #expect(text.contains("─ \(title) ") || text.contains("▸ \(title) "), "panel \(title) missing")
        }
        #expect(text.contains("waiting       1,530 ↑"))
        #expect(text.contains("admit rate     50/s → step ±5"))
        #expect(text.contains("│AJ1…-43     0  20  280 93.3%  SOLD OUT│"), "\(text)")
        #expect(text.contains("committed       150"))
        #expect(text.contains("6.2%│"))
        #expect(text.contains("POST …/commit"))
        #expect(text.contains("OVER"))
        #expect(text.contains("empty: bot defenses have not reported"))
        #expect(grid.rowText(23) == " p Pause  +/- ±5  t Rate  h Halt reg  x Close  R Rollback  ? Help  q Quit")
    }

    @Test("200x60: three columns, routes with their budgets, the full key bar")
    func largeScreen() {
        let grid = TelemetryFixture.render(TelemetryFixture.model(), width: 200, height: 60)
        let text = grid.text
        #expect(grid.rowText(2).components(separatedBy: "┌").count - 1 == 3)
        #expect(text.contains("AJ1-RED-42"))
        #expect(text.contains("avail res sold  thru  sold/s sells out"))
        #expect(text.contains("POST /checkout/commit"))
        #expect(text.contains("GET /queue/status"))
        #expect(text.contains("registered    2,420"))
        #expect(text.contains("18:02:10 ADMIN   throttle admit_per_second=50 by admin 127.0.0.1"))
        #expect(grid.rowText(59).contains("Tab Panel  ? Help  q Quit"))
        #expect(grid.rowText(58).contains("theme default · http://127.0.0.1:8080"))
    }

    @Test("the funnel has one basis, named in its title: every bar and percentage is a share of registered; then the conversion")
    func funnelBasis() {
        let small = TelemetryFixture.render(TelemetryFixture.model()).text
        #expect(small.contains("┌─ Funnel % of registered ─"))
        #expect(small.contains("│reserved        190 → █░░░░░░░░   7.9%│"))
        #expect(small.contains("│committed       150 → █░░░░░░░░   6.2%│"))
        let large = TelemetryFixture.render(TelemetryFixture.model(), width: 120, height: 40).text
        #expect(large.contains("│admitted        890 ↑ ███████████░░░░░░░░░░░░░░░░░░  36.8%│"))
        #expect(large.contains("│committed       150 → ██░░░░░░░░░░░░░░░░░░░░░░░░░░░   6.2%│"))
        #expect(large.contains("│conversion 6.2% registered→committed"))
        #expect(!large.contains("78.9%"), "no share of the previous stage")
    }

    @Test("the funnel accounts for every reservation: committed, cancelled, expired, released (rollback, eviction) or live")
    func funnelReleased() {
        let model = TelemetryFixture.model { $0.funnel.released = 7 }
        let large = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(large.contains("│ended      cancelled 4→  expired 9→  released 7→  live 60→│"))
        var small = model
        for _ in 0..<4 { _ = small.handle(.tab, now: TelemetryFixture.now) }
        #expect(TelemetryFixture.render(small).text.contains("▸ Funnel % of registered"))
        _ = small.handle(.down, now: TelemetryFixture.now)
        #expect(TelemetryFixture.render(small).text.contains("││ended      cancelled 4→  expired 9→   │"))
        _ = small.handle(.down, now: TelemetryFixture.now)
        #expect(TelemetryFixture.render(small).text.contains("││           released 7→  live 60→      │"))
    }

    @Test("sparklines start at zero with their scale shown: a flat figure draws flat bars at its level, not full ones")
    func sparklineScale() {
        let small = TelemetryFixture.render(TelemetryFixture.model())
        #expect(small.text.contains("ETA back        24s → ▄▄▄▄▄▄▄▄▄▄  0-50│"))
        #expect(small.text.contains("waiting       1,530 ↑ ▅▆▆▆▆▆▆▆▆▆  0-2k│"))
        let large = TelemetryFixture.render(TelemetryFixture.model(), width: 120, height: 40)
        #expect(large.text.contains("ETA back        24s →                   ▄▄▄▄▄▄▄▄▄▄▄▄  0-50│"))
        #expect(large.text.contains("expiries      0.4/s →                   ▇▇▇▇▇▇▇▇▇▇▇▇ 0-0.5│"))
    }

    @Test("state badges name the state in words", arguments: [
        ("running", " RUNNING "), ("paused", " PAUSED "), ("sold_out", " SOLD OUT "),
        ("closed", " CLOSED "), ("rolling_back", " ROLLING BACK "), ("scheduled", " SCHEDULED "),
    ])
    func stateBadges(state: String, badge: String) {
        let model = TelemetryFixture.model { $0.state = state }
        #expect(TelemetryFixture.render(model).rowText(0).contains(badge))
    }

    @Test("below 80x24 the console says how big it needs to be")
    func tooSmall() {
        let text = TelemetryFixture.render(TelemetryFixture.model(), width: 79, height: 30).text
        #expect(text.contains("terminal too small: need 80x24"))
        #expect(text.contains("now 79x30"))
        #expect(!text.contains("Queue"))
    }

    @Test("without fresh data the last frame stays, with a STALE badge and its age, and the switches are off")
    func stale() {
        var model = TelemetryFixture.model()
        _ = model.apply(.connection(.lost(since: TelemetryFixture.now, reason: "connection refused", retryAt: TelemetryFixture.now)), now: TelemetryFixture.now)
        let grid = TelemetryFixture.render(model, at: TelemetryFixture.now.addingTimeInterval(12))
        #expect(grid.rowText(0).contains(" STALE 12s "))
        #expect(grid.text.contains("waiting       1,530"))
        #expect(grid.rowText(23).contains("switches off while stale"))
        #expect(!grid.rowText(23).contains("Pause"))
        #expect(grid.text.contains("LINK    telemetry lost: conn"))
    }

    @Test("on a Redis Cluster the health panel lists each primary: up with its latency, or DOWN")
    func clusterNodes() {
        let model = TelemetryFixture.model {
            $0.redis.nodes = [.init(address: "10.0.0.1:7101", up: true, latencyMs: 0.4, replicas: ["10.0.0.4:7104"]),
                              .init(address: "10.0.0.2:7102", up: false, latencyMs: nil, replicas: [])]
        }
        let grid = TelemetryFixture.render(model, width: 120, height: 40)
        #expect(grid.text.contains("10.0.0.1:7101"))
        #expect(grid.text.contains("up 0.4ms"))
        let down = grid.text.split(separator: "\n").first { $0.contains("10.0.0.2:7102") }
        #expect(down?.contains("DOWN") == true)
    }

    @Test("stale: every figure dims and the health verdicts read unknown, not redis up, stock conserved, 100% ok")
    func staleDims() throws {
        var model = TelemetryFixture.model { $0.payments.successRate = 1 }
        _ = model.apply(.connection(.lost(since: TelemetryFixture.now, reason: "connection refused", retryAt: TelemetryFixture.now)), now: TelemetryFixture.now)
        let grid = TelemetryFixture.render(model, width: 120, height: 40, at: TelemetryFixture.now.addingTimeInterval(12))
        #expect(grid.text.contains("redis      unknown"))
        #expect(grid.text.contains("payments   unknown  stock unknown"))
        for word in ["redis      up", "conserved", "100.0% ok", "% ok"] { #expect(!grid.text.contains(word), "\(word)") }
        let layout = try #require(DashboardLayout(width: 120, height: 40, quiet: model.quietPanels))
        for (panel, rect) in layout.panels where panel != .events {
            let interior = rect.interior
            for y in interior.y..<interior.y + interior.height {
                for x in interior.x..<interior.x + interior.width where grid[x, y].character != " " {
                    #expect(grid[x, y].role == .dim, "\(panel) at \(x),\(y): \(grid[x, y].character) is \(grid[x, y].role)")
                }
            }
        }
        let header = grid.cells(row: 0)
        #expect(!header.contains { $0.role == .badgeOK || $0.role == .ok })
    }

    @Test("a frozen frame shows its own age, not the live feed's LIVE")
    func frozenAge() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("f"), now: TelemetryFixture.now)
        let later = TelemetryFixture.now.addingTimeInterval(5)
        _ = model.apply(.snapshot(TelemetryFixture.snapshot(tick: 40), receivedAt: later), now: later)
        let header = TelemetryFixture.render(model, at: later.addingTimeInterval(0.2)).rowText(0)
        #expect(header.contains(" FROZEN 5.6s "))
        #expect(!header.contains("LIVE"))
    }

    @Test("data older than three refreshes is stale even on an open connection")
    func silentStream() {
        let grid = TelemetryFixture.render(TelemetryFixture.model(), at: TelemetryFixture.now.addingTimeInterval(5))
        #expect(grid.rowText(0).contains(" STALE 5.4s "))
    }

    @Test("--readonly: a lock badge, and the key bar shows no switch")
    func readonly() {
        let grid = TelemetryFixture.render(TelemetryFixture.model(readonly: true))
        #expect(grid.rowText(0).contains(" [LOCK] READ-ONLY "))
        #expect(grid.rowText(23).contains("[LOCK] read-only: switches unbound"))
        #expect(!grid.rowText(23).contains("Rollback"))
    }

    @Test("a frozen display says so loudly")
    func frozen() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("f"), now: TelemetryFixture.now)
        #expect(TelemetryFixture.render(model).rowText(0).contains(" FROZEN "))
    }

    @Test("the pause modal names the sale and the effect, with Cancel focused")
    func pauseModal() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("p"), now: TelemetryFixture.now)
        let text = TelemetryFixture.render(model).text
        #expect(text.contains("Confirm: pause"))
        #expect(text.contains("Pause sale drop-1 (Sneaker drop)?"))
        #expect(text.contains("Admission and checkout stop for every shopper until you resume."))
        #expect(text.contains("▸[ Cancel ]◂    [ Pause sale ]"))
    }

    @Test("a guard's pause names the guard, the time and the reason in the header; resuming asks for the sale id")
    func guardPause() {
        var model = TelemetryFixture.model {
            $0.state = "paused"; $0.pausedBy = "guard:conservation"; $0.pausedAt = "2026-12-01T18:02:10Z"; $0.pauseReason = "stock not conserved"
        }
        let header = TelemetryFixture.render(model, width: 120, height: 40).rowText(0)
        #expect(header.contains(" PAUSED by guard:conservation 18:02:10 — stock not conserved"))
        #expect(!header.contains("reg open"))
        _ = model.handle(.character("p"), now: TelemetryFixture.now)
        let text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("Resume sale drop-1 (Sneaker drop) despite guard:conservation?"))
        #expect(text.contains("guard:conservation: stock not conserved. The runbook says do not"))
        #expect(text.contains("Type the sale id (drop-1) to confirm"))
        #expect(text.contains("▸[ Cancel ]◂"))
    }

    @Test("a closed sale: no 'reg open', and the switches that do not apply are greyed in the key bar")
    func closedSale() throws {
        let grid = TelemetryFixture.render(TelemetryFixture.model { $0.state = "closed" }, width: 120, height: 40)
        #expect(grid.rowText(0).contains(" CLOSED "))
        #expect(!grid.rowText(0).contains("reg open"))
        for label in [" p Pause", " x Close", " R Rollback", " h Halt reg"] {
            let column = try #require(Self.column(of: label, in: grid.rowText(39)))
            #expect(grid[column + 1, 39].role == .dim && grid[column + 3, 39].role == .dim, "\(label)")
        }
        let running = TelemetryFixture.render(TelemetryFixture.model(), width: 120, height: 40)
        let column = try #require(Self.column(of: " x Close", in: running.rowText(39)))
        #expect(running[column + 1, 39].role == .key)
    }

    /// The column where `text` starts in a row of single-width characters.
    private static func column(of text: String, in row: String) -> Int? {
        row.range(of: text).map { row.distance(from: row.startIndex, to: $0.lowerBound) }
    }

    @Test("a running sale at 0/s reads admission stopped, not a green RUNNING")
    func admissionStopped() {
        let grid = TelemetryFixture.render(TelemetryFixture.model { $0.queue.admitPerSecond = 0 }, width: 120, height: 40)
        #expect(grid.rowText(0).contains(" RUNNING   admission stopped"))
        #expect(!grid.cells(row: 0).contains { $0.role == .badgeOK })
    }

    @Test("the throttle-to-zero modal says admission stops")
    func stopAdmissionModal() {
        var model = TelemetryFixture.model()
        for key in ":throttle 0" { _ = model.handle(.character(key), now: TelemetryFixture.now) }
        _ = model.handle(.enter, now: TelemetryFixture.now)
        let text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("Stop admission for sale drop-1 (Sneaker drop) (throttle to 0/s)?"))
        #expect(text.contains("▸[ Cancel ]◂"))
    }

    @Test("the rollback modal asks for the sale id")
    func rollbackModal() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("R"), now: TelemetryFixture.now)
        for character in "drop" { _ = model.handle(.character(character), now: TelemetryFixture.now) }
        let text = TelemetryFixture.render(model).text
        #expect(text.contains("Roll back sale drop-1 (Sneaker drop)?"))
        #expect(text.contains("Type the sale id (drop-1) to confirm:"))
        #expect(text.contains("> drop_"))
        #expect(text.contains("refund: none"))
    }

    @Test("the help overlay lists every key")
    func help() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("?"), now: TelemetryFixture.now)
        let text = TelemetryFixture.render(model, width: 120, height: 40).text
        for key in ["p  ", "+ -", "t  ", "h  ", "x  ", "R  ", ":  ", "/  ", "f  ", "Tab", "?  ", "q  ", ":throttle N"] {
            #expect(text.contains("│ " + key), "help lacks \(key)")
        }
    }

    @Test("bot panel: histogram and top offenders once defenses report")
    func bots() {
        let model = TelemetryFixture.model { snapshot in
            snapshot.bots.blocked = 12
            snapshot.bots.scoreHistogram = [50, 30, 10, 5, 2, 1, 1, 3, 8, 20]
            snapshot.bots.topOffenders = [TelemetryFixture.decode(#"{"source":"10.0.0.7","score":0.97,"requests":1200}"#)]
        }
        let small = TelemetryFixture.render(model).text
        #expect(small.contains("blocked 12"))
        #expect(small.contains("10.0.0.7"))
        let large = TelemetryFixture.render(model, width: 200, height: 60).text
        #expect(large.contains("score .0  .1"))
        #expect(large.contains("top offenders"))
        #expect(large.contains("score 0.97"))
    }

    @Test("the sale picker lists the sales with their states")
    func picker() {
        var model = ConsoleModel(options: ConsoleOptions(endpoint: "http://127.0.0.1:8080"), saleID: nil, themeName: "default", now: TelemetryFixture.now)
        let sales = [SaleSummary(id: "drop-1", name: "Sneakers", state: "running"), SaleSummary(id: "drop-2", name: "Hoodies", state: "scheduled")]
        #expect(model.apply(.sales(sales), now: TelemetryFixture.now).isEmpty)
        let text = TelemetryFixture.render(model).text
        #expect(text.contains("Choose a sale"))
        #expect(text.contains("▸ drop-1  Sneakers"))
        #expect(text.contains(" SCHEDULED "))
    }

    @Test("a conservation violation raises an OVERSELL badge and an alert")
    func oversell() {
        let model = TelemetryFixture.model { snapshot in
            snapshot.conservation = TelemetryFixture.decode(#"{"ok":false,"violations":["AJ1-RED-42: 500 != 311 + 40 + 150"]}"#)
        }
        let grid = TelemetryFixture.render(model, width: 120, height: 40)
        #expect(grid.rowText(0).contains(" OVERSELL "))
        #expect(grid.text.contains("ALERT   AJ1-RED-42: 500 != 3"))
        #expect(grid.text.contains("stock VIOLATED"))
    }
}
