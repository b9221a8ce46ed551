import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("floodgate serve --demo: the simulated crowd goes through the public API over HTTP")
struct DemoTrafficHTTPTests {
    /// The sum of `hb_requests` for `route` (every method and status) in Prometheus text.
    static func requests(_ metrics: String, route: String) -> Int {
        metrics.split(separator: "\n")
            .filter { $0.hasPrefix("hb_requests{") && $0.contains(#"http_route="\#(route)""#) }
            .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
            .reduce(0, +)
    }

    @Test("/metrics counts the crowd's register, status and checkout calls; the sale's counters move; telemetry shows the routes busy and the bots scored")
    func crowdThroughHTTP() async throws {
        try await TestRedisServer.with { redis in
            let daemon = try await TestDaemon.start(["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", DaemonFixture.adminToken, "--demo"])
            let client = FloodgateClient(baseURL: daemon.baseURL, adminToken: DaemonFixture.adminToken)
            let routes = ["/queue/challenge", "/queue/register", "/queue/status", "/checkout/reserve", "/checkout/commit"]
            var metrics = ""
            var counters: [String: Any] = [:]
            // The crowd needs a few seconds: admitted shoppers look a moment before they reserve, then pay.
            for _ in 0..<120 {
                metrics = try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text
                counters = try await client.saleStatus("demo")["counters"] as? [String: Any] ?? [:]
                if routes.allSatisfy({ Self.requests(metrics, route: $0) > 0 }), counters["committed"] as? Int ?? 0 > 0 { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            for route in routes { #expect(Self.requests(metrics, route: route) > 0, "no \(route) requests in /metrics") }
            #expect(counters["registered"] as? Int ?? 0 > 0)
            #expect(counters["reserved"] as? Int ?? 0 > 0)
            #expect(counters["committed"] as? Int ?? 0 > 0)
            let bots = try await client.admin("GET", "/admin/sales/demo/bots").json ?? [:]
            let offenders = bots["offenders"] as? [[String: Any]] ?? []
            #expect(offenders.contains { $0["source"] as? String == "127.66.0.1" }, "the demo's bots are not among the offenders: \(offenders)")
            // What the war room's health and bot panels read: telemetry's routes and offenders.
            let events = try await EventStream.read(daemon.baseURL + "/admin/sales/demo/telemetry", token: DaemonFixture.adminToken, count: 1)
            let http = events.last?["http"] as? [String: Any] ?? [:]
            let busy = (http["routes"] as? [[String: Any]] ?? []).filter { $0["requests_per_second"] as? Double ?? 0 > 0 }.compactMap { $0["route"] as? String }
            #expect(busy.contains("GET /queue/status") && busy.contains("POST /queue/register"), "telemetry's busy routes: \(busy)")
            let telemetryOffenders = (events.last?["bots"] as? [String: Any])?["top_offenders"] as? [[String: Any]] ?? []
            #expect(telemetryOffenders.contains { $0["source"] as? String == "127.66.0.1" })
            #expect(await daemon.stop() == 0)
        }
    }
}
