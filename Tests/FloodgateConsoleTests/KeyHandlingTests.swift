import FloodgateConsole
import FloodgateCore
import Foundation
import Testing

@Suite("Keys: the console's state machine")
struct KeyHandlingTests {
    let now = TelemetryFixture.now

    @Test("p opens the pause modal with Cancel focused; Enter cancels and sends nothing")
    func enterCancels() {
        var model = TelemetryFixture.model()
        #expect(model.handle(.character("p"), now: now).isEmpty)
        guard case .confirm(let modal) = model.mode else { Issue.record("no modal"); return }
        #expect(modal.action == .pause)
        #expect(modal.focus == .cancel)
        #expect(model.handle(.enter, now: now).isEmpty)
        #expect(model.mode == .normal)
        #expect(model.status?.text.contains("cancelled") == true)
    }

    @Test("y, Tab or an arrow moves to confirm; Enter then pauses", arguments: [Key.character("y"), .tab, .right, .left])
    func confirming(move: Key) {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("p"), now: now)
        _ = model.handle(move, now: now)
        #expect(model.handle(.enter, now: now) == [.perform(.pause, saleID: "drop-1")])
        #expect(model.mode == .normal)
    }

    @Test("Esc, n and q cancel a modal without quitting", arguments: [Key.escape, .character("n"), .character("q")])
    func cancelling(key: Key) {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("x"), now: now)
        #expect(model.handle(key, now: now).isEmpty)
        #expect(model.mode == .normal)
    }

    @Test("below the minimum size only q acts: p, Tab, Enter open and send nothing")
    func tooSmall() {
        var model = TelemetryFixture.model()
        model.terminalResized(width: 70, height: 20)
        for key in [Key.character("p"), .tab, .enter, .character("x"), .character("R"), .character("+"), .character(":")] {
            #expect(model.handle(key, now: now).isEmpty)
        }
        #expect(model.mode == .normal)
        #expect(model.handle(.character("q"), now: now) == [.quit])
        model.terminalResized(width: 80, height: 24)
        #expect(model.handle(.character("p"), now: now).isEmpty)
        guard case .confirm = model.mode else { Issue.record("no modal once the terminal fits"); return }
    }

    @Test("p on a sale an operator paused resumes at once")
    func resume() {
        var model = TelemetryFixture.model { $0.state = "paused"; $0.pausedBy = "admin@127.0.0.1" }
        #expect(model.handle(.character("p"), now: now) == [.perform(.resume, saleID: "drop-1")])
    }

    @Test("an operator's pause while the stock is not conserved: p asks for the sale id typed too")
    func resumeOnBrokenStock() {
        var model = TelemetryFixture.model {
            $0.state = "paused"; $0.pausedBy = "admin@127.0.0.1"; $0.conservation = TelemetryFixture.decode(#"{"ok":false,"violations":["A"]}"#)
        }
        #expect(model.handle(.character("p"), now: now).isEmpty)
        guard case .confirm(let modal) = model.mode else { Issue.record("no modal"); return }
        #expect(modal.action == .resume(afterGuard: "guard:conservation", reason: "stock not conserved"))
    }

    @Test("after a guard's pause, p asks for the sale id typed, Cancel first; a wrong id sends nothing", arguments: ["p", ":resume"])
    func resumeAfterGuard(keys: String) {
        var model = TelemetryFixture.model {
            $0.state = "paused"; $0.pausedBy = "guard:conservation"; $0.pauseReason = "stock not conserved"
        }
        if keys == "p" { _ = model.handle(.character("p"), now: now) } else { _ = type(keys, into: &model) }
        guard case .confirm(let modal) = model.mode else { Issue.record("no modal"); return }
        #expect(modal.focus == .cancel && modal.action.needsTypedSaleID)
        #expect(model.handle(.enter, now: now).isEmpty)
        #expect(model.mode == .normal)
        _ = model.handle(.character("p"), now: now)
        for character in "drop-2" { _ = model.handle(.character(character), now: now) }
        _ = model.handle(.tab, now: now)
        #expect(model.handle(.enter, now: now).isEmpty)
        guard case .confirm(let typed) = model.mode else { Issue.record("modal closed on a wrong id"); return }
        #expect(typed.hint == "type drop-1 exactly to confirm")
        _ = model.handle(.backspace, now: now)
        _ = model.handle(.character("1"), now: now)
        let resume = ControlAction.resume(afterGuard: "guard:conservation", reason: "stock not conserved")
        #expect(model.handle(.enter, now: now) == [.perform(resume, saleID: "drop-1")])
        #expect(resume.endpoint == "resume")
    }

    @Test("h halts registration after confirmation, and reopens it directly")
    func registration() {
        var open = TelemetryFixture.model()
        _ = open.handle(.character("h"), now: now)
        _ = open.handle(.character("y"), now: now)
        #expect(open.handle(.enter, now: now) == [.perform(.haltRegistration, saleID: "drop-1")])
        var halted = TelemetryFixture.model { $0.registrationOpen = false }
        #expect(halted.handle(.character("h"), now: now) == [.perform(.reopenRegistration, saleID: "drop-1")])
    }

    @Test("rollback only goes out once the sale id is typed")
    func rollback() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("R"), now: now)
        _ = model.handle(.tab, now: now)
        #expect(model.handle(.enter, now: now).isEmpty)
        guard case .confirm(let modal) = model.mode else { Issue.record("modal closed"); return }
        #expect(modal.hint == "type drop-1 exactly to confirm")
        for character in "drop-1" { _ = model.handle(.character(character), now: now) }
        #expect(model.handle(.enter, now: now) == [.perform(.rollback, saleID: "drop-1")])
    }

    @Test("y is text in the rollback modal, not a confirmation")
    func rollbackTyping() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("R"), now: now)
        _ = model.handle(.character("y"), now: now)
        guard case .confirm(let modal) = model.mode else { Issue.record("modal closed"); return }
        #expect(modal.focus == .cancel)
        #expect(modal.typed.text == "y")
    }

    @Test("+ and - step the rate from the last asked value; the step is shown")
    func rateSteps() {
        var model = TelemetryFixture.model()
        #expect(model.handle(.character("+"), now: now) == [.perform(.throttle(55), saleID: "drop-1")])
        #expect(model.handle(.character("+"), now: now) == [.perform(.throttle(60), saleID: "drop-1")])
        #expect(model.handle(.character("-"), now: now) == [.perform(.throttle(55), saleID: "drop-1")])
        #expect(TelemetryFixture.render(model).text.contains("asked 55/s"))
        var slow = TelemetryFixture.model { $0.queue.admitPerSecond = 1 }
        #expect(slow.handle(.character("-"), now: now).isEmpty)
        _ = slow.handle(.character("y"), now: now)
        #expect(slow.handle(.enter, now: now) == [.perform(.throttle(0), saleID: "drop-1")])
    }

    @Test("a throttle to 0/s or below half the live rate (50/s) is confirmed first, Cancel focused; a smaller cut goes at once",
          arguments: [(":throttle 0", true), (":throttle 24", true), (":throttle 25", false), (":throttle 500", false)])
    func steepThrottle(command: String, confirmed: Bool) {
        var model = TelemetryFixture.model()
        let rate = Int(command.split(separator: " ")[1])!
        guard confirmed else {
            #expect(type(command, into: &model) == [.perform(.throttle(rate), saleID: "drop-1")])
            return
        }
        #expect(type(command, into: &model).isEmpty)
        guard case .confirm(let modal) = model.mode else { Issue.record("no modal"); return }
        #expect(modal.focus == .cancel)
        #expect(model.handle(.enter, now: now).isEmpty)
        #expect(model.rateTarget == nil)
        _ = type(command, into: &model)
        _ = model.handle(.character("y"), now: now)
        #expect(model.handle(.enter, now: now) == [.perform(.throttle(rate), saleID: "drop-1")])
    }

    @Test("a closed sale: p, h, x, R, +, -, t, m do nothing, and the status line says why", arguments: ["p", "h", "x", "R", "+", "-", "t", "m"])
    func closedSale(key: Character) {
        var model = TelemetryFixture.model { $0.state = "closed" }
        #expect(model.handle(.character(key), now: now).isEmpty)
        #expect(model.mode == .normal)
        #expect(model.status?.text == "\(key) does not apply: the sale is closed: it has ended")
    }

    @Test("while a rollback runs only R (to finish it) applies")
    func rollingBack() {
        var model = TelemetryFixture.model { $0.state = "rolling_back" }
        #expect(model.handle(.character("x"), now: now).isEmpty)
        #expect(model.status?.text == "x does not apply: a rollback is under way (R finishes it)")
        _ = model.handle(.character("R"), now: now)
        guard case .confirm = model.mode else { Issue.record("no rollback modal"); return }
    }

    @Test("the command line throttles, pauses through the modal, and refuses nonsense")
    func commandLine() {
        var model = TelemetryFixture.model()
        #expect(type(":throttle 40", into: &model) == [.perform(.throttle(40), saleID: "drop-1")])
        #expect(type(":pause", into: &model).isEmpty)
        #expect({ if case .confirm = model.mode { true } else { false } }())
        _ = model.handle(.escape, now: now)
        #expect(type(":throttle fast", into: &model).isEmpty)
        #expect(model.status?.tone == .failure)
        #expect(type(":theme light", into: &model) == [.loadTheme("light")])
        #expect(type(":quit", into: &model) == [.quit])
    }

    @Test("t opens the command line ready for a rate")
    func exactRate() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("t"), now: now)
        #expect(model.mode == .command(LineEditor("throttle ")))
        for character in "25" { _ = model.handle(.character(character), now: now) }
        #expect(model.handle(.enter, now: now) == [.perform(.throttle(25), saleID: "drop-1")])
    }

    @Test("--readonly unbinds every switch", arguments: ["p", "+", "-", "t", "h", "x", "R"])
    func readonly(key: Character) {
        var model = TelemetryFixture.model(readonly: true)
        #expect(model.handle(.character(key), now: now).isEmpty)
        #expect(model.mode == .normal)
        #expect(model.status?.text.contains("read-only") == true)
    }

    @Test("switches are refused while stale, also from an open modal")
    func staleRefusal() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("p"), now: now)
        _ = model.handle(.character("y"), now: now)
        #expect(model.handle(.enter, now: now.addingTimeInterval(10)).isEmpty)
        #expect(model.status?.text == "not sent: switches are disabled while the data is stale")
        #expect(model.handle(.character("x"), now: now.addingTimeInterval(10)).isEmpty)
        #expect(model.mode == .normal)
    }

    @Test("q quits without touching the sale; so does Ctrl-C")
    func quit() {
        var model = TelemetryFixture.model()
        #expect(model.handle(.character("q"), now: now) == [.quit])
        #expect(model.handle(.interrupt, now: now) == [.quit])
    }

    @Test("f freezes the display while data keeps arriving")
    func freeze() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("f"), now: now)
        var later = TelemetryFixture.snapshot(tick: 40)
        later.queue.length = 9999
        _ = model.apply(.snapshot(later, receivedAt: now), now: now)
        #expect(model.live.latest?.queue.length == 9999)
        #expect(model.shown.latest?.queue.length != 9999)
        #expect(!TelemetryFixture.render(model).text.contains("9,999"))
        _ = model.handle(.character("f"), now: now)
        #expect(TelemetryFixture.render(model).text.contains("9,999"))
    }

    @Test("/ filters the event log as you type; Esc clears the filter")
    func filter() {
        var model = TelemetryFixture.model()
        _ = model.handle(.character("/"), now: now)
        for character in "guard" { _ = model.handle(.character(character), now: now) }
        let text = TelemetryFixture.render(model, width: 120, height: 40).text
        #expect(text.contains("Events /guard"))
        #expect(text.contains("open by guard:start"))
        #expect(!text.contains("throttle admit_per_second"))
        _ = model.handle(.escape, now: now)
        #expect(model.logFilter.isEmpty)
    }

    @Test("Tab moves the focus through every panel, down each column as drawn, then to the next column")
    func focus() {
        var model = TelemetryFixture.model()
        var seen: [PanelID] = []
        for _ in PanelID.allCases {
            seen.append(model.focus)
            _ = model.handle(.tab, now: now)
        }
        #expect(seen == [.queue, .inventory, .reservations, .bots, .funnel, .health, .events])
        #expect(model.focus == .queue)
        _ = model.handle(.tab, now: now)
        #expect(TelemetryFixture.render(model).text.contains("▸ Inventory"))
    }

    @Test("a control call's result shows in the status line and the event log")
    func results() {
        var model = TelemetryFixture.model()
        _ = model.apply(.actionFinished(.pause, saleID: "drop-1", .failed("409 invalid_state: the sale is closed"), at: now), now: now)
        #expect(model.status == StatusMessage("pause on drop-1 failed: 409 invalid_state: the sale is closed", tone: .failure))
        #expect(model.events.entries.first?.kind == .failure)
        _ = model.apply(.actionFinished(.close, saleID: "drop-1", .succeeded(detail: nil), at: now), now: now)
        #expect(TelemetryFixture.render(model, width: 120, height: 40).text.contains("✔ close on drop-1: done"))
    }

    @Test("a rollback's result says how many reservations it released and payments it refunded")
    func rollbackResult() {
        var model = TelemetryFixture.model()
        let detail = "released 3 reservations, refunded 1 payment"
        _ = model.apply(.actionFinished(.rollback, saleID: "drop-1", .succeeded(detail: detail), at: now), now: now)
        #expect(model.status == StatusMessage("rollback on drop-1: done: \(detail)", tone: .success))
        #expect(model.events.entries.first?.text == "rollback on drop-1: ok: \(detail)")
    }

    @Test("with one sale the console picks it; with several, Enter picks the highlighted one")
    func picking() {
        var model = ConsoleModel(options: ConsoleOptions(endpoint: "http://x:1"), saleID: nil, themeName: "default", now: now)
        #expect(model.apply(.sales([SaleSummary(id: "only", name: "", state: "running")]), now: now) == [.selectSale("only")])
        var several = ConsoleModel(options: ConsoleOptions(endpoint: "http://x:1"), saleID: nil, themeName: "default", now: now)
        _ = several.apply(.sales([SaleSummary(id: "a", name: "", state: "running"), SaleSummary(id: "b", name: "", state: "paused")]), now: now)
        _ = several.handle(.down, now: now)
        #expect(several.handle(.enter, now: now) == [.selectSale("b")])
        #expect(several.selection == .selected("b"))
    }

    @Test("curses key codes map to keys")
    func cursesKeys() {
        #expect(Key(code: 0o403, isFunctionKey: true) == .up)
        #expect(Key(code: 0o632, isFunctionKey: true) == .resize)
        #expect(Key(code: 9, isFunctionKey: false) == .tab)
        #expect(Key(code: 13, isFunctionKey: false) == .enter)
        #expect(Key(code: 3, isFunctionKey: false) == .interrupt)
        #expect(Key(code: 82, isFunctionKey: false) == .character("R"))
        #expect(Key(code: 0o777, isFunctionKey: true) == nil)
    }

    private func type(_ text: String, into model: inout ConsoleModel) -> [ConsoleEffect] {
        var effects: [ConsoleEffect] = []
        for character in text { effects += model.handle(.character(character), now: now) }
        return effects + model.handle(.enter, now: now)
    }
}

@Suite("Connection reporting")
struct ConnectionTests {
    @Test("a sale that cannot be followed says why in the status line")
    func noTelemetry() {
        let now = TelemetryFixture.now
        var model = ConsoleModel(options: ConsoleOptions(endpoint: "http://x:1"), saleID: "nope", themeName: "default", now: now)
        _ = model.apply(.connection(.lost(since: now, reason: "404 not_found: no sale nope", retryAt: now)), now: now)
        let grid = TelemetryFixture.render(model, at: now)
        #expect(grid.rowText(0).contains(" OFFLINE "))
        #expect(grid.rowText(22).contains("no telemetry for nope: 404 not_found: no sale nope; retrying"))
        #expect(grid.text.contains("waiting for telemetry"))
    }
}
