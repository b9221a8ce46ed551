import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

/// The alerts view for real: the conservation guard fires on a real daemon, the console lists its
/// alert and `a` acknowledges it in the operator's name, checked through the admin API and the audit.
@Suite("floodgate console in tmux: the alerts view", .serialized)
struct AlertsTmuxTests {
    /// `oscar operator`, token `oscar-token` (printf %s oscar-token | sha256sum).
    static func operatorsFile() throws -> String {
        let file = makeScratchDirectory("console-alerts") + "/admin-tokens"
        try "oscar operator d7c0a5e09f54b3784801f8b7f42a35613d805224cba337422bd4ec42f0cbf6ce\n".write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The sale's alerts and audit through the admin API.
    static func alertsAndAudit(_ daemon: TestDaemon) async throws -> (alerts: [[String: Any]], audit: [[String: Any]]) {
        let alerts = try await HTTPProbe.request("GET", daemon.baseURL + "/admin/sales/drop-1/alerts", headers: ConsoleTmuxTests.headers).json
        let audit = try await HTTPProbe.request("GET", daemon.baseURL + "/admin/sales/drop-1/audit", headers: ConsoleTmuxTests.headers).json
        return (alerts?["alerts"] as? [[String: Any]] ?? [], audit?["entries"] as? [[String: Any]] ?? [])
    }

    /// Runs `body` with a daemon on a Redis of its own, the conservation guard's alert raised
    /// (stock added behind the engine's back), and the console (with `flags` and `token`) on it.
    static func withGuardAlert(_ flags: [String] = [], token: String, _ body: (TestDaemon, TmuxSession) async throws -> Void) async throws {
        let operators = try operatorsFile()
        try await TestRedisServer.withClient { redis, server in
            try await ConsoleTmuxTests.withConsole(flags, daemon: ["--redis", "redis://127.0.0.1:\(server.port)", "--admin-tokens", operators],
                                                   token: token) { daemon, tmux in
                try await tmux.waitFor(" RUNNING ")
                _ = try await redis.send(["HINCRBY", "fg:{drop-1}:inv", "A|available", "5"])
                try await tmux.waitFor("1 ALERT, 1 new (!)")
                try await body(daemon, tmux)
            }
        }
    }

    @Test("a guard's alert shows in the alerts view; a acknowledges it in the operator's name (the API and the audit say so)")
    func acknowledge() async throws {
        try await Self.withGuardAlert(token: "oscar-token") { daemon, tmux in
            try await tmux.waitFor("oscar (operator)")
            try await tmux.send("!")
            let screen = try await tmux.waitFor("Alerts of drop-1 1 active")
            let row = try #require(screen.split(separator: "\n").first { $0.contains("▸ CRITICAL") })
            #expect(row.contains("conservation") && row.contains("ACTIVE") && row.contains("not acknowledged"), "\(screen)")
            #expect(!screen.contains("new (!)"), "opening the view resets the count")
            try await tmux.send("a")
            try await tmux.waitFor("on drop-1: done")
            try await tmux.waitFor("oscar@127.0.0.1")
            let (alerts, audit) = try await Self.alertsAndAudit(daemon)
            #expect(alerts.count == 1)
            #expect((alerts.first?["acknowledged_by"] as? String)?.hasPrefix("oscar@") == true, "\(alerts)")
            #expect(alerts.first?["acknowledged_at"] is String, "\(alerts)")
            let acknowledgements = audit.filter { $0["action"] as? String == "acknowledge" }
            #expect(acknowledgements.count == 1 && (acknowledgements.first?["actor"] as? String)?.hasPrefix("oscar@") == true, "\(audit)")
        }
    }

    @Test("read-only: a sends nothing; the alert stays unacknowledged and the audit has no acknowledgement")
    func readonly() async throws {
        try await Self.withGuardAlert(["--readonly"], token: ConsoleTmuxTests.token) { daemon, tmux in
            try await tmux.send("!")
            try await tmux.waitFor("Alerts of drop-1 1 active")
            try await tmux.send("a")
            try await tmux.waitFor("read-only console: a is not bound")
            let (alerts, audit) = try await Self.alertsAndAudit(daemon)
            #expect(alerts.count == 1 && alerts.first?["acknowledged_by"] is NSNull, "\(alerts)")
            #expect(!audit.contains { $0["action"] as? String == "acknowledge" }, "\(audit)")
        }
    }
}
