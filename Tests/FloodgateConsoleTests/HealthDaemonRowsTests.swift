import FloodgateCore
import FloodgateConsole
import Foundation
import Testing

@Suite("Health panel: a row per daemon when several serve the sale")
struct HealthDaemonRowsTests {
    static func daemon(_ address: String, state: String, seen: Double) -> TelemetrySnapshot.Daemon {
        TelemetrySnapshot.Daemon(id: "d-" + address, address: address, version: "0.2.0", startedAt: "2026-12-01T18:00:00Z",
                                 lastSeen: "2026-12-01T18:10:00Z", secondsSinceSeen: seen, uptimeSeconds: 723, state: state, requestsPerSecond: 120, p99Ms: 4.2)
    }

    @Test("two daemons: each its address, up or DOWN, uptime, rate, p99, last seen and version; one daemon: no row", arguments: [(120, 40), (200, 60)])
    func rows(width: Int, height: Int) {
        let two = TelemetryFixture.model { $0.daemons = [Self.daemon("10.0.0.1:8080", state: "up", seen: 0.4), Self.daemon("10.0.0.2:8080", state: "down", seen: 12)] }
        let text = TelemetryFixture.render(two, width: width, height: height).text
        #expect(text.contains("daemon        state uptime  req/s    p99   seen version"), "\(text)")
        #expect(text.contains("10.0.0.1:8080 up    12m03s  120/s  4.2ms   0.4s 0.2.0"), "\(text)")
        #expect(text.contains("10.0.0.2:8080 DOWN  12m03s  120/s  4.2ms    12s 0.2.0"))
        let narrow = TelemetryFixture.render(two, width: 100, height: 50).text
        #expect(narrow.contains("10.0.0.2:8080 DOWN  12m03s"), "a panel too narrow for the table: two lines a daemon\n\(narrow)")
        #expect(narrow.contains("  120/s p99 4.2ms seen 12s v0.2.0"))
        let one = TelemetryFixture.model { $0.daemons = [Self.daemon("10.0.0.1:8080", state: "up", seen: 0.4)] }
        #expect(!TelemetryFixture.render(one, width: width, height: height).text.contains("daemon 10.0.0.1"))
    }
}
