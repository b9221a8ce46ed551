import FloodgateCore
import FloodgateTesting
import Foundation
import Testing

/// The second round's fixes and additions, for real: the built console in tmux against a daemon.
@Suite("floodgate console in tmux: inventory, event log, summary line, smaller fixes, operators", .serialized)
struct DashboardTmuxTests {
    static let longSale = #"""
        {"id":"drop-1","name":"Parkas","skus":[{"sku":"PARKA-NAVY-XL-TALL","stock":50},{"sku":"PARKA-NAVY-S","stock":1},
         {"sku":"HOODIE-GREY-M","stock":40}],"admit_per_second":1000}
        """#

    static func client(_ daemon: TestDaemon) -> FloodgateClient {
        FloodgateClient(baseURL: daemon.baseURL, adminToken: ConsoleTmuxTests.token)
    }

    static func lines(containing text: String, of screen: String) -> [String] {
        screen.split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }

    @Test("inventory at 120 columns: long names keep every column; a sold-out SKU reads SOLD OUT and goes last")
    func inventory() async throws {
        try await ConsoleTmuxTests.withConsole(sale: Self.longSale) { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            let client = Self.client(daemon)
            let token = try await client.token(sale: "drop-1", user: "u1")
            try await client.waitUntilAdmitted(token)
            _ = try await client.reserve(token, sku: "PARKA-NAVY-S")
            let screen = try await tmux.waitFor("SOLD OUT")
            #expect(screen.contains("│SKU                avail res sold thru  sold/s sells out"), "\(screen)")
            let rows = Self.lines(containing: "PARKA-NAVY-XL-TALL", of: screen) + Self.lines(containing: "HOODIE-GREY-M", of: screen)
            #expect(rows.count == 2 && rows.allSatisfy { $0.contains("   0   0%    0/s→        --") }, "\(rows)")
            let soldOut = try #require(Self.lines(containing: "SOLD OUT", of: screen).first)
            #expect(soldOut.contains("│PARKA-NAVY-S           0   1    0   0%    0/s→  SOLD OUT"), "\(soldOut)")
            let names = screen.split(separator: "\n").compactMap { line in ["HOODIE", "PARKA-NAVY-XL", "PARKA-NAVY-S "].first { line.contains($0) } }
            #expect(names.last == "PARKA-NAVY-S ", "sold out last: \(names)")
        }
    }

    @Test("an action sent from the console is one line in the event log; Enter on it shows the audit entry")
    func oneLinePerAction() async throws {
        try await ConsoleTmuxTests.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.send("p")
            try await tmux.send("y")
            try await tmux.send("Enter")
            try await tmux.waitFor("pause on drop-1: ok")
            try await tmux.send("BTab")
            try await tmux.waitFor("Events Enter opens")
            var detail = ""
            for _ in 0..<50 where !detail.contains("audit id") {
                try await tmux.send("Enter")
                detail = try await tmux.waitFor("any key closes")
                try await tmux.send("Escape")
                try await tmux.waitUntil("the detail to close") { !$0.contains("any key closes") }
                if !detail.contains("audit id") { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(detail.contains("actor admin@127.0.0.1") && detail.contains("action pause"), "\(detail)")
            let screen = try await tmux.capture()
            #expect(Self.lines(containing: "pause", of: screen).filter { $0.contains("│") && ($0.contains("CONSOLE") || $0.contains("ADMIN")) }.count == 1,
                    "\(screen)")
        }
    }

    @Test("the summary line: selling, sell-through, sell-out, alerts, the daemon; pausing turns it to the reason")
    func summary() async throws {
        try await ConsoleTmuxTests.withConsole { daemon, tmux in
            let screen = try await tmux.waitFor(" · daemon answers")
            let row = screen.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
            #expect(row.hasPrefix(" selling · ") && row.contains(" in, no end · sold 0% · sells out -- · 0 alerts"), "\(row)")
            _ = try await HTTPProbe.request("POST", daemon.baseURL + "/admin/sales/drop-1/pause", body: Data(#"{"reason":"drill 4"}"#.utf8),
                                            headers: ConsoleTmuxTests.headers)
            try await tmux.waitFor(" paused: drill 4 · ")
        }
    }

    @Test("Esc clears the filter; : recalls earlier lines with ↑; Tab goes down the left column first; NO_COLOR reads monochrome")
    func smallFixes() async throws {
        try await ConsoleTmuxTests.withConsole(environment: ["NO_COLOR=1"]) { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await tmux.waitFor("monochrome · http://")
            try await tmux.type("/guard")
            try await tmux.send("Enter")
            try await tmux.waitFor("Events /guard")
            try await tmux.send("Escape")
            try await tmux.waitUntil("the filter to clear") { !$0.contains("Events /guard") }
            try await tmux.type(":throttle 40")
            try await tmux.send("Enter")
            try await ConsoleTmuxTests.waitForSale(daemon) { ($0["admit_per_second"] as? NSNumber)?.doubleValue == 40 }
            try await tmux.send(":")
            try await tmux.send("Up")
            try await tmux.waitFor(":throttle 40█")
            try await tmux.send("Escape")
            for panel in ["Inventory", "Reservations", "Bots", "Funnel"] {
                try await tmux.send("Tab")
                try await tmux.waitFor("▸ " + panel)
            }
        }
    }

    @Test("an observer's console: signed in as an observer, p greyed and refused; nothing reaches the sale")
    func observer() async throws {
        let file = makeScratchDirectory("console-operators") + "/admin-tokens"
        let hash = "e83babeabef696679198ec477d63ec85e49a35304c2e9b1ccea6fb0571d758c3"  // printf %s olga-token | sha256sum
        try "olga observer \(hash)\n".write(toFile: file, atomically: true, encoding: .utf8)
        try await ConsoleTmuxTests.withConsole(daemon: ["--admin-tokens", file], token: "olga-token") { daemon, tmux in
            try await tmux.waitFor("olga (observer)")
            try await tmux.waitFor(" RUNNING ")
            try await tmux.send("p")
            try await tmux.waitFor("p needs the operator role; olga is an observer")
            #expect(!(try await tmux.capture()).contains("Confirm"))
            #expect(try await ConsoleTmuxTests.sale(daemon)["state"] as? String == "running")
        }
    }

    @Test("A shows the sale's audit trail full screen; / filters it; Enter opens an entry; Esc goes back")
    func auditView() async throws {
        try await ConsoleTmuxTests.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            _ = try await HTTPProbe.request("POST", daemon.baseURL + "/admin/sales/drop-1/pause", body: Data(#"{"reason":"gateway drill"}"#.utf8),
                                            headers: ConsoleTmuxTests.headers)
            try await tmux.waitFor(" PAUSED ")
            try await tmux.send("A")
            let screen = try await tmux.waitFor("2 of 2 entries")
            #expect(screen.contains("Audit trail of drop-1") && screen.contains("reason=gateway drill") && screen.contains("create"))
            try await tmux.type("/pause")
            try await tmux.send("Enter")
            try await tmux.waitFor("1 of 2 entries matching /pause")
            try await tmux.send("Enter")
            let entry = try await tmux.waitFor("Audit entry")
            #expect(entry.contains("actor   admin@127.0.0.1"))
            try await tmux.send("x")
            try await tmux.waitUntil("the entry to close") { !$0.contains("Audit entry") }
            try await tmux.send("Escape")
            try await tmux.waitFor("2 of 2 entries")
            try await tmux.send("Escape")
            try await tmux.waitFor("Inventory")
        }
    }

    @Test("S lists every sale; Enter on another watches it; :sale drop-1 comes back")
    func salesOverview() async throws {
        try await ConsoleTmuxTests.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            let second = #"{"id":"drop-2","name":"Hoodies","skus":[{"sku":"H","stock":10}]}"#
            _ = try await HTTPProbe.request("POST", daemon.baseURL + "/admin/sales", body: Data(second.utf8), headers: ConsoleTmuxTests.headers)
            try await tmux.send("S")
            let list = try await tmux.waitFor("drop-2  Hoodies")
            #expect(list.contains("drop-1  Console drop") && list.contains("(watching)"))
            try await tmux.send("Down")
            try await tmux.send("Enter")
            try await tmux.waitUntil("drop-2 watched") { ($0.split(separator: "\n").first ?? "").contains("drop-2 Hoodies") }
            try await tmux.type(":sale drop-1")
            try await tmux.send("Enter")
            try await tmux.waitUntil("drop-1 watched") { ($0.split(separator: "\n").first ?? "").contains("drop-1 Console drop") }
        }
    }
}
