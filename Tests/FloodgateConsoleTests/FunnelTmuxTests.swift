import FloodgateTesting
import Foundation
import Testing

/// The funnel and the sparklines for real: shoppers register, reserve and buy through the public
/// API of a `floodgate serve` daemon while the console watches in tmux.
@Suite("floodgate console in tmux: funnel and sparklines", .serialized)
struct FunnelTmuxTests {
    @Test("a flat figure draws flat bars at its level with the scale shown, not full bars")
    func flatSparkline() async throws {
        try await Self.withConsole { client, tmux in
            for user in 0..<3 { _ = try await client.token(sale: "drop-1", user: "u\(user)") }
            let screen = try await tmux.waitUntil("registered 3 with a few seconds of history") {
                Self.row("registered", of: $0).contains("▅▅▅   0-5")
            }
            #expect(!Self.row("registered", of: screen).contains("█"), "full bars: \(Self.row("registered", of: screen))")
        }
    }

    /// Starts a daemon with sale `drop-1` (stock 100 of A) and the console on it in a 120x40 tmux
    /// pane; stops both afterwards.
    static func withConsole(_ body: (FloodgateClient, TmuxSession) async throws -> Void) async throws {
        let daemon = try await TestDaemon.start(["--admin-token", ConsoleTmuxTests.token])
        try await ConsoleTmuxTests.createSale(daemon)
        let tmux = try await TmuxSession.start(ConsoleTmuxTests.console(daemon))
        do {
            try await tmux.waitFor(" RUNNING ")
            try await body(FloodgateClient(baseURL: daemon.baseURL, adminToken: ConsoleTmuxTests.token), tmux)
        } catch {
            await tmux.kill()
            await daemon.stop()
            throw error
        }
        await tmux.kill()
        await daemon.stop()
    }

    /// The first screen line whose panel row starts with `label` (`│registered …`), empty when none.
    static func row(_ label: String, of screen: String) -> String {
        screen.split(separator: "\n").map(String.init).first { $0.hasPrefix("│" + label + " ") } ?? ""
    }
}
