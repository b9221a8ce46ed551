import FloodgateTesting
import Foundation
import Testing

/// The bot panel for real: a burst of identities from one address polling far too fast shows up
/// as the top offender with its main signal; `b` blocks it and `m` switches the policy, both
/// confirmed and audited.
@Suite("floodgate console in tmux: the bot panel", .serialized)
struct BotPanelTmuxTests {
    static let burstSource = "198.51.100.9"

    /// 30 identities from one address, each polling five times in a row.
    static func burst(_ daemon: TestDaemon) async throws {
        for index in 0..<30 {
            let register = try await HTTPProbe.request("POST", daemon.baseURL + "/queue/register",
                                                       body: Data(#"{"sale_id":"drop-1","user_id":"burst-\#(index)"}"#.utf8),
                                                       headers: ["Content-Type": "application/json", "X-Forwarded-For": burstSource])
            guard let token = register.json?["token"] as? String else { throw ClientError("register: \(register.status) \(register.text)") }
            for _ in 0..<5 {
                _ = try await HTTPProbe.request("GET", daemon.baseURL + "/queue/status", headers: ["Authorization": "Bearer \(token)"])
            }
        }
    }

    @Test("a burst shows a real offender with its main signal; b blocks it, m enforces, both audited")
    func offender() async throws {
        let daemon = try await TestDaemon.start(["--admin-token", ConsoleTmuxTests.token, "--trust-forwarded-for"])
        let sale = #"{"id":"drop-1","skus":[{"sku":"A","stock":100}],"starts_at":"2099-01-01T00:00:00Z","prequeue_opens_at":"2020-01-01T00:00:00Z"}"#
        _ = try await HTTPProbe.request("POST", daemon.baseURL + "/admin/sales", body: Data(sale.utf8), headers: ConsoleTmuxTests.headers)
        let tmux = try await TmuxSession.start(ConsoleTmuxTests.console(daemon))
        do {
            try await tmux.waitFor("dry run")
            try await Self.burst(daemon)
            let screen = try await tmux.waitUntil("the burst's source as the top offender, by its early polls", seconds: 20) {
                $0.contains("▸ \(Self.burstSource)") && $0.contains("early_polls")
            }
            #expect(screen.contains("▸ \(Self.burstSource)"))
            try await tmux.send("b")
            try await tmux.waitFor("Block \(Self.burstSource) in sale drop-1?")
            try await tmux.send("y")
            try await tmux.send("Enter")
            try await tmux.waitFor("block \(Self.burstSource) on drop-1: done")
            let report = try await HTTPProbe.request("GET", daemon.baseURL + "/admin/sales/drop-1/bots", headers: ConsoleTmuxTests.headers)
            #expect(report.text.contains("source:\(Self.burstSource)/32"))
            try await tmux.waitFor(" m Enforce")  // switches are on (not stale)
            try await tmux.send("m")
            try await tmux.waitFor("Switch the bot policy of sale drop-1 to enforce?")
            try await tmux.send("y")
            try await tmux.send("Enter")
            try await tmux.waitFor("enforcing", seconds: 15)
            let audit = try await HTTPProbe.request("GET", daemon.baseURL + "/admin/sales/drop-1/audit", headers: ConsoleTmuxTests.headers).text
            #expect(audit.contains("bot_block") && audit.contains("bot_policy"))
        } catch {
            await tmux.kill()
            await daemon.stop()
            throw error
        }
        await tmux.kill()
        await daemon.stop()
    }
}
