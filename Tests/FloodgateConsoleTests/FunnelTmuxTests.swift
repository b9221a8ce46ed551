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

    @Test("the funnel reads as shares of registered, with the conversion from registered")
    func funnelBasis() async throws {
        try await Self.withConsole { client, tmux in
            var tokens: [String] = []
            for user in 0..<4 { tokens.append(try await client.token(sale: "drop-1", user: "u\(user)")) }
            for token in tokens { try await client.waitUntilAdmitted(token) }
            let bought = try await client.reserve(tokens[0], sku: "A")
            #expect(try await client.commit(tokens[0], reservation: bought, key: "k").status == 200)
            _ = try await client.reserve(tokens[1], sku: "A")
            // The frame after both calls: one commit of four registered, two reservations.
            let screen = try await tmux.waitUntil("conversion 25.0% and reserved 2") {
                $0.contains("conversion 25.0% registered→committed") && !Self.line(containing: "│reserved          2 ", of: $0).isEmpty
            }
            #expect(screen.contains("Funnel % of registered"))
            #expect(Self.line(containing: "│reserved          2 ", of: screen).hasSuffix(" ███████████████░░░░░░░░░░░░░░  50.0%│"))
            #expect(Self.line(containing: "│committed         1 ", of: screen).hasSuffix(" ███████░░░░░░░░░░░░░░░░░░░░░░  25.0%│"))
        }
    }

    @Test("R rolls back: the event line says how many reservations it released and payments it refunded; the funnel counts them as released")
    func rollbackReleased() async throws {
        try await Self.withConsole { client, tmux in
            var tokens: [String] = []
            for user in 0..<3 { tokens.append(try await client.token(sale: "drop-1", user: "u\(user)")) }
            for token in tokens { try await client.waitUntilAdmitted(token) }
            let bought = try await client.reserve(tokens[0], sku: "A")
            #expect(try await client.commit(tokens[0], reservation: bought, key: "k").status == 200)
            for token in tokens.dropFirst() { _ = try await client.reserve(token, sku: "A") }
            try await tmux.waitFor("live 2")
            try await tmux.send("R")
            try await tmux.waitFor("Type the sale id (drop-1) to confirm")
            try await tmux.type("drop-1")
            try await tmux.send("Tab")
            try await tmux.send("Enter")
            try await tmux.waitFor("rollback on drop-1: done: released 2 reservations, refunded 0 payments")
            let screen = try await tmux.waitFor("released 2→")
            #expect(screen.contains("rollback on drop-1: ok: released 2"), "the event line")
            #expect(Self.line(containing: "│ended ", of: screen).contains("cancelled 0→  expired 0→  released 2→  live 0"))
            let counters = try await client.saleStatus("drop-1")["counters"] as? [String: Int]
            #expect(counters?["reserved"] == 3 && counters?["committed"] == 1 && counters?["released"] == 2)
        }
    }

    /// ``ConsoleTmuxTests/withConsole(_:daemon:_:)`` once the console shows the sale running, with
    /// a client of the daemon.
    static func withConsole(_ body: (FloodgateClient, TmuxSession) async throws -> Void) async throws {
        try await ConsoleTmuxTests.withConsole { daemon, tmux in
            try await tmux.waitFor(" RUNNING ")
            try await body(FloodgateClient(baseURL: daemon.baseURL, adminToken: ConsoleTmuxTests.token), tmux)
        }
    }

    /// The first screen line holding `text`, empty when none.
    static func line(containing text: String, of screen: String) -> String {
        screen.split(separator: "\n").map(String.init).first { $0.contains(text) } ?? ""
    }

    /// The first screen line whose panel row starts with `label` (`│registered …`), empty when none.
    static func row(_ label: String, of screen: String) -> String {
        screen.split(separator: "\n").map(String.init).first { $0.hasPrefix("│" + label + " ") } ?? ""
    }
}
