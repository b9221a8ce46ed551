import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

/// The health panel's daemon rows for real: two daemons on one Redis, then one killed.
@Suite("floodgate console in tmux: the daemons", .serialized)
struct DaemonRowsTmuxTests {
    /// The daemon's row in the health panel: from its address to the panel's border.
    static func row(_ screen: String, address: String) -> [Substring]? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains(address + " ") }), let start = line.range(of: address) else { return nil }
        return line[start.lowerBound...].prefix { $0 != "│" }.split(separator: " ")
    }

    /// `0.4s`, `12s` or `1m05s` in seconds.
    static func seconds(_ text: Substring) -> Double? {
        let parts = text.dropLast().split(separator: "m")
        return parts.count == 2 ? Double(parts[0]).flatMap { minutes in Double(parts[1]).map { minutes * 60 + $0 } } : Double(parts[0])
    }

    @Test("two daemons on one Redis: a row each with address, state, uptime, rate, p99, last seen and version; the killed one turns DOWN, its last seen growing")
    func killed() async throws {
        try await TestRedisServer.with { server in
            let redis = ["--redis", "redis://127.0.0.1:\(server.port)", "--admin-token", ConsoleTmuxTests.token]
            let first = try await TestDaemon.start(redis)
            let second = try await TestDaemon.start(redis)
            let tmux: TmuxSession
            do {
                try await ConsoleTmuxTests.createSale(first)
                tmux = try await TmuxSession.start(ConsoleTmuxTests.console(first))
            } catch {
                await first.stop()
                await second.stop()
                throw error
            }
            do {
                let addresses = [first, second].map { String($0.baseURL.dropFirst("http://".count)) }
                let both = try await tmux.waitUntil("a row for each daemon, both up") { screen in
                    addresses.allSatisfy { Self.row(screen, address: $0)?.dropFirst().first == "up" }
                }
                #expect(both.contains("state uptime  req/s    p99   seen version"))
                let secondRow = try #require(Self.row(both, address: addresses[1]))
                #expect(secondRow.count == 7 && secondRow.last == "0.2.0", "\(secondRow)")
                await second.kill()
                let down = try await tmux.waitUntil("the killed daemon DOWN", seconds: 30) { Self.row($0, address: addresses[1])?.dropFirst().first == "DOWN" }
                let seen = try #require(Self.row(down, address: addresses[1]).flatMap { Self.seconds($0[5]) })
                #expect(seen > 3)
                try await tmux.waitUntil("its last seen growing", seconds: 15) { screen in
                    Self.row(screen, address: addresses[1]).flatMap { Self.seconds($0[5]) }.map { $0 >= seen + 2 } ?? false
                }
                #expect(Self.row(try await tmux.capture(), address: addresses[0])?.dropFirst().first == "up")
            } catch {
                await tmux.kill()
                await first.stop()
                await second.kill()
                throw error
            }
            await tmux.kill()
            await first.stop()
        }
    }
}
