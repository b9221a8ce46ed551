import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

/// The console for real: the built `floodgate console` in a tmux pane, against a `floodgate serve`
/// daemon with a sale, checked on screen and through the admin API.
@Suite("floodgate console in tmux", .serialized)
struct ConsoleTmuxTests {
    static let token = "T"

    @Test("it shows the only sale without being told which, with its figures")
    func showsTheSale() async throws {
        try await Self.withConsole { daemon, tmux in
            let screen = try await tmux.waitFor(" RUNNING ")
            #expect(screen.contains("drop-1"))
            #expect(screen.contains("LIVE"))
            for title in ["Queue", "Inventory", "Reservations", "Funnel", "Bots", "Health", "Events"] {
                #expect(screen.contains(title))
            }
            #expect(screen.contains("p Pause"))
        }
    }

    @Test("p opens a modal with Cancel focused; Enter cancels; y then Enter pauses the sale")
    func pause() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.send("p")
            try await tmux.waitFor("▸[ Cancel ]◂")
            try await tmux.send("Enter")
            try await tmux.waitFor("cancelled: pause of drop-1")
            #expect(try await Self.sale(daemon)["state"] as? String == "running")
            try await tmux.send("p")
            try await tmux.waitFor("Pause sale drop-1")
            try await tmux.send("y")
            try await tmux.waitFor("▸[ Pause sale ]◂")
            try await tmux.send("Enter")
            try await Self.waitForSale(daemon) { $0["state"] as? String == "paused" }
            try await tmux.waitFor(" PAUSED ")
            try await tmux.waitFor("pause on drop-1: done")
        }
    }

    @Test(":throttle 40 changes the admission rate")
    func throttle() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.type(":throttle 40")
            try await tmux.send("Enter")
            try await Self.waitForSale(daemon) { ($0["admit_per_second"] as? NSNumber)?.doubleValue == 40 }
            try await tmux.waitFor("40/s")
        }
    }

    @Test("a closed sale: no 'reg open'; p, x, R, h send nothing and the status line says why")
    func closedSale() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            _ = try await HTTPProbe.request("POST", daemon.baseURL + "/admin/sales/drop-1/close", headers: Self.headers)
            let screen = try await tmux.waitFor(" CLOSED ")
            #expect(!screen.contains("reg open"))
            for key in ["p", "x", "R", "h"] {
                try await tmux.send(key)
                try await tmux.waitFor("\(key) does not apply: the sale is closed: it has ended")
            }
            #expect(!(try await tmux.capture()).contains("Confirm"))
            let audit = try await HTTPProbe.request("GET", daemon.baseURL + "/admin/sales/drop-1/audit", headers: Self.headers).text
            #expect(audit.components(separatedBy: #""action":"#).count == 3, "create and close only: \(audit)")
        }
    }

    @Test(":throttle 0 asks first (Enter cancels); confirmed, it stops admission and the header says so")
    func throttleToZero() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.type(":throttle 0")
            try await tmux.send("Enter")
            try await tmux.waitFor("Stop admission for sale drop-1")
            try await tmux.send("Enter")
            try await tmux.waitFor("cancelled: throttle to 0/s of drop-1")
            #expect((try await Self.sale(daemon)["admit_per_second"] as? NSNumber)?.doubleValue != 0)
            try await tmux.type(":throttle 0")
            try await tmux.send("Enter")
            try await tmux.waitFor("Stop admission for sale drop-1")
            try await tmux.send("y")
            try await tmux.send("Enter")
            try await Self.waitForSale(daemon) { ($0["admit_per_second"] as? NSNumber)?.doubleValue == 0 }
            try await tmux.waitFor("admission stopped")
        }
    }

    @Test("rollback needs the sale id typed before it is sent")
    func rollback() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.send("R")
            try await tmux.waitFor("Type the sale id (drop-1) to confirm")
            try await tmux.send("Tab")
            try await tmux.send("Enter")
            try await tmux.waitFor("type drop-1 exactly to confirm")
            #expect(try await Self.sale(daemon)["state"] as? String == "running")
            try await tmux.type("drop-1")
            try await tmux.send("Enter")
            try await tmux.waitFor("rollback on drop-1: done")
            try await Self.waitForSale(daemon) { $0["state"] as? String != "running" }
        }
    }

    @Test("--readonly shows a lock and refuses every switch")
    func readonly() async throws {
        try await Self.withConsole(["--readonly"]) { daemon, tmux in
            try await tmux.waitFor("[LOCK] READ-ONLY")
            try await tmux.waitFor(" RUNNING ")
            for key in ["p", "x", "R", "+"] {
                try await tmux.send(key)
                try await tmux.waitFor("read-only console: \(key) is not bound")
            }
            #expect(!(try await tmux.capture()).contains("Confirm"))
            let sale = try await Self.sale(daemon)
            #expect(sale["state"] as? String == "running")
        }
    }

    @Test("the daemon dies: STALE with the last frame; it comes back on the same port: LIVE again")
    func staleAndRecovery() async throws {
        let port = FreePort.next()
        let dataDirectory = makeScratchDirectory("console-daemon")
        let arguments = ["--listen", "127.0.0.1:\(port)", "--admin-token", Self.token]
        let first = try await TestDaemon.start(arguments, dataDirectory: dataDirectory)
        try await Self.createSale(first)
        let tmux = try await TmuxSession.start(Self.console(first))
        var second: TestDaemon?
        do {
            try await tmux.waitFor("LIVE")
            await first.kill()
            let screen = try await tmux.waitFor("STALE")
            #expect(screen.contains("drop-1"))
            #expect(screen.contains("switches off while stale"))
            try await tmux.waitFor("telemetry lost")
            second = try await TestDaemon.start(arguments, dataDirectory: dataDirectory)
            try await tmux.waitFor("LIVE", seconds: 30)
            try await tmux.waitFor("p Pause")
        } catch {
            await tmux.kill()
            await second?.stop()
            throw error
        }
        await tmux.kill()
        await second?.stop()
    }

    @Test("frozen: the header shows the frame's age, not LIVE; stale: the health verdicts read unknown, not up or conserved")
    func frozenAndStale() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor("conserved")
            try await tmux.send("f")
            let frozen = try await tmux.waitUntil("a frozen frame 2s old or more") {
                ($0.split(separator: "\n").first ?? "").contains(/FROZEN [2-9]\.\ds/)
            }
            #expect(!(frozen.split(separator: "\n").first ?? "").contains("LIVE"))
            try await tmux.send("f")
            try await tmux.waitFor("LIVE")
            await daemon.stop()
            let stale = try await tmux.waitUntil("the health panel to read unknown") { $0.contains("STALE") && $0.contains("redis      unknown") }
            #expect(stale.contains("stock unknown"))
            #expect(!stale.contains("conserved") && !stale.contains("redis      up"))
        }
    }

    @Test("resizing relayouts; below 80x24 it asks for more room")
    func resize() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.resize(width: 70, height: 20)
            try await tmux.waitFor("terminal too small: need 80x24")
            try await tmux.resize(width: 80, height: 24)
            let small = try await tmux.waitFor("q Quit")
            #expect(small.split(separator: "\n").allSatisfy { $0.count <= 80 })
            try await tmux.resize(width: 200, height: 60)
            try await tmux.waitUntil("three columns") { $0.split(separator: "\n").dropFirst(2).first?.filter { $0 == "┌" }.count == 3 }
        }
    }

    @Test("below 80x24 the switches do nothing: p, Tab, Enter send no request")
    func tooSmallIgnoresSwitches() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.resize(width: 70, height: 20)
            try await tmux.waitFor("terminal too small: need 80x24")
            for key in ["p", "Tab", "Enter", "x", "Tab", "Enter"] {
                try await tmux.send(key)
            }
            try await tmux.resize(width: 120, height: 40)
            let screen = try await tmux.waitFor(" RUNNING ")
            #expect(!screen.contains("Confirm"))
            #expect(try await Self.sale(daemon)["state"] as? String == "running")
            let audit = try await HTTPProbe.request("GET", daemon.baseURL + "/admin/sales/drop-1/audit", headers: Self.headers)
            #expect(!audit.text.contains("pause") && !audit.text.contains("close"), "audit: \(audit.text)")
        }
    }

    @Test("the conservation guard pauses the sale: the header says who, when and why; resume needs the sale id typed, a wrong one sends nothing")
    func guardPause() async throws {
        try await TestRedisServer.withClient { redis, server in
            try await Self.withConsole(daemon: ["--redis", "redis://127.0.0.1:\(server.port)"]) { daemon, tmux in
                try await tmux.waitFor(" RUNNING ")
                _ = try await redis.send(["HINCRBY", "fg:{drop-1}:inv", "A|available", "5"])
                let screen = try await tmux.waitFor("PAUSED by guard:conservation")
                #expect(screen.contains("— stock not conserved"))
                try await tmux.send("p")
                try await tmux.waitFor("Type the sale id (drop-1) to confirm")
                try await tmux.waitFor("▸[ Cancel ]◂")
                try await tmux.type("drop-9")
                try await tmux.send("Tab")
                try await tmux.send("Enter")
                try await tmux.waitFor("type drop-1 exactly to confirm")
                try await tmux.send("Escape")
                try await tmux.waitFor("cancelled: resume of drop-1")
                #expect(try await Self.sale(daemon)["state"] as? String == "paused")
                let audit = try await HTTPProbe.request("GET", daemon.baseURL + "/admin/sales/drop-1/audit", headers: Self.headers)
                #expect(!audit.text.contains(#""action":"resume""#), "audit: \(audit.text)")
                try await tmux.send("p")
                try await tmux.type("drop-1")
                try await tmux.send("Tab")
                try await tmux.send("Enter")
                try await tmux.waitFor("resume on drop-1: done")
            }
        }
    }

    @Test("q quits and leaves the sale as it was")
    func quit() async throws {
        try await Self.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.send("q")
            try await tmux.waitUntil("the console to exit") { !$0.contains("FLOODGATE") }
            #expect(try await Self.sale(daemon)["state"] as? String == "running")
        }
    }

    // MARK: - Helpers

    /// Starts a daemon (with `arguments` added) with sale `drop-1` and the console on it in tmux; stops both afterwards.
    /// Starts a daemon with sale `drop-1` and the console on it (with `flags`) in a 120x40 tmux
    /// pane; stops both afterwards.
    static func withConsole(_ flags: [String] = [], daemon arguments: [String] = [], sale: String = ConsoleTmuxTests.saleJSON,
                            token: String = ConsoleTmuxTests.token, size: (width: Int, height: Int) = (120, 40), environment: [String] = [],
                            _ body: (TestDaemon, TmuxSession) async throws -> Void) async throws {
        let daemon = try await TestDaemon.start(["--admin-token", Self.token] + arguments)
        try await Self.createSale(daemon, json: sale)
        let command = (environment.isEmpty ? [] : ["/usr/bin/env"] + environment) + Self.console(daemon, token: token) + flags
        let tmux = try await TmuxSession.start(command, width: size.width, height: size.height)
        do {
            try await body(daemon, tmux)
        } catch {
            await tmux.kill()
            await daemon.stop()
            throw error
        }
        await tmux.kill()
        await daemon.stop()
    }

    static func console(_ daemon: TestDaemon, token: String = ConsoleTmuxTests.token) -> [String] {
        [FloodgateBinary.path, "console", "--connect", daemon.baseURL, "--admin-token", token]
    }

    /// The sale the console tests watch.
    static let saleJSON = #"{"id":"drop-1","name":"Console drop","skus":[{"sku":"A","stock":100}]}"#

    static func createSale(_ daemon: TestDaemon, json: String = saleJSON) async throws {
        let body = Data(json.utf8)
        let response = try await HTTPProbe.request("POST", daemon.baseURL + "/admin/sales", body: body, headers: headers)
        #expect((200..<300).contains(response.status), "POST /admin/sales: \(response.status) \(response.text)")
    }

    static func sale(_ daemon: TestDaemon) async throws -> [String: Any] {
        try await HTTPProbe.request("GET", daemon.baseURL + "/admin/sales/drop-1", headers: headers).json ?? [:]
    }

    /// Polls `GET /admin/sales/drop-1` until `check` passes (10 s at most).
    static func waitForSale(_ daemon: TestDaemon, _ check: ([String: Any]) -> Bool) async throws {
        var last: [String: Any] = [:]
        for _ in 0..<100 {
            last = try await sale(daemon)
            if check(last) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the sale never reached the expected state: \(last)")
    }

    static let headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
}
