import FloodgateTesting
import Foundation
import Testing

@Suite("Overload alert: shedding shows in the war room through the guards")
struct OverloadAlertTests {
    /// With `--request-capacity 2`, a slow registration holds the registrations' share, eight
    /// more wait, and a bounded burst of five is shed: the `overload` guard raises a warning alert
    /// with the count per class, audited as `guard:overload` and counted in metrics; once the
    /// waiting registrations are through and nothing is shed for the hold-down, it is cleared.
    /// The guard counts 5 over 5 s here, so the alert's figure holds the whole burst even when it
    /// straddles a second.
    @Test("requests shed raise an overload alert with the count per class, cleared after a hold-down without shedding")
    func shedRaisesAndClearsAlert() async throws {
        let sale = DaemonFixture.saleJSON(extra: #","guards":{"overload":{"threshold":5,"window":5,"hold_down_seconds":2}}"#)
        let arguments = ["--request-capacity", "2", "--registrations-per-source", "0", "--no-fast-path"]
        try await DaemonFixture.with(sale: sale, arguments: arguments) { client, daemon, _ in
            #expect(try await GuardTraffic.alerts(client).isEmpty)
            let slow = try await SlowRegistration.start(daemon.baseURL, user: "slow")
            try await Task.sleep(for: .milliseconds(300))  // the slow request is let in and holds its slot
            let waiting = (1...8).map { index in
                Task { try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"w\#(index)"}"#) }
            }
            #expect(try await GuardTraffic.eventually {
                try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text.contains(#"floodgate_requests_queued_total{class="register"} 8"#)
            })
            var shed = 0
            for index in 1...5 {
                let answer = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"s\#(index)"}"#)
                if answer.status == 503 { shed += 1 }
            }
            #expect(shed == 5)
            #expect(try await GuardTraffic.eventually { try await GuardTraffic.alerts(client).contains { $0["guard"] as? String == "overload" } })
            let alert = try #require(try await GuardTraffic.alerts(client).first { $0["guard"] as? String == "overload" })
            #expect(alert["severity"] as? String == "warning")
            #expect((alert["figure"] as? String)?.contains("5 requests shed in the last 5s (register 5)") == true, "\(alert)")
            #expect(alert["cleared_at"] == nil || alert["cleared_at"] is NSNull)
            let snapshot = try #require(try await EventStream.read(client.baseURL + "/admin/sales/drop-1/telemetry",
                                                                    token: DaemonFixture.adminToken, count: 1).first)
            #expect((snapshot["alerts"] as? [[String: Any]])?.contains { $0["guard"] as? String == "overload" } == true)
            try await slow.finish()
            for task in waiting { _ = try await task.value }
            #expect(try await GuardTraffic.eventually {
                try await GuardTraffic.alerts(client).first { $0["guard"] as? String == "overload" }?["cleared_at"] is String
            })
            #expect(try await GuardTraffic.entries(client, actor: "guard:overload", action: "fire").count == 1)
            #expect(try await GuardTraffic.entries(client, actor: "guard:overload", action: "recover").count == 1)
            let metrics = try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text
            #expect(metrics.contains(#"floodgate_guard_events_total{sale="drop-1",guard="overload",event="fire",mode="enforce"} 1"#))
        }
    }
}
