import FloodgateTesting
import Foundation
import Testing

@Suite("Guards: settings through GET|PUT /admin/sales/{id}/guards and the sale definition, alerts acknowledged")
struct GuardSettingsHTTPTests {
    @Test("the documented defaults; the definition's settings; a PUT changes what it names and keeps the rest; the change is audited")
    func settingsRoundTrip() async throws {
        let extra = #","guards":{"checkout_latency":{"threshold":400}},"admission":{"min_per_second":5}"#
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: extra)) { client, _, _ in
            let initial = try #require(try await client.admin("GET", "/admin/sales/drop-1/guards").json)
            let guards = try #require(initial["guards"] as? [String: [String: Any]])
            #expect(Set(guards.keys) == ["payment_success", "checkout_latency", "server_errors", "redis_latency", "expiry_rate", "overload", "conservation"])
            #expect(guards["checkout_latency"]?["threshold"] as? Double == 400)
            #expect(guards["payment_success"]?["threshold"] as? Double == 0.5 && guards["payment_success"]?["mode"] as? String == "enforce")
            #expect(guards["conservation"]?["action"] as? String == "pause" && guards["conservation"]?["auto_resume"] as? Bool == false)
            #expect((initial["admission"] as? [String: Any])?["min_per_second"] as? Double == 5)
            #expect((initial["admission"] as? [String: Any])?["mode"] as? String == "fixed")

            let put = try await client.admin("PUT", "/admin/sales/drop-1/guards", json: #"{"guards":{"server_errors":{"mode":"observe","threshold":0.2}}}"#)
            #expect(put.status == 200)
            let after = try #require(try await client.admin("GET", "/admin/sales/drop-1/guards").json?["guards"] as? [String: [String: Any]])
            #expect(after["server_errors"]?["mode"] as? String == "observe" && after["server_errors"]?["threshold"] as? Double == 0.2)
            #expect(after["server_errors"]?["window"] as? Int == 10)
            #expect(after["checkout_latency"]?["threshold"] as? Double == 400)
            #expect(try await GuardTraffic.audit(client).first?["action"] as? String == "guards")
        }
    }

    @Test("invalid settings: 400 listing every problem, and nothing changed")
    func invalidSettingsChangeNothing() async throws {
        try await DaemonFixture.with { client, _, _ in
            let before = try await client.admin("GET", "/admin/sales/drop-1/guards").text
            let body = #"{"guards":{"payment_success":{"threshold":2,"mode":"loud","factor":1.5},"conservation":{"auto_resume":true},"#
                + #""nope":{}},"admission":{"mode":"adaptive","min_per_second":-1}}"#
            let answer = try await client.admin("PUT", "/admin/sales/drop-1/guards", json: body)
            #expect(answer.status == 400)
            let problems = ((answer.json?["error"] as? [String: Any])?["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(problems) == [
                "guards.nope", "guards.payment_success.threshold", "guards.payment_success.mode", "guards.payment_success.factor",
                "guards.conservation.auto_resume", "admission.min_per_second", "admission.max_per_second",
            ])
            #expect(try await client.admin("PUT", "/admin/sales/drop-1/guards", json: "[1,").status == 400)
            #expect(try await client.admin("GET", "/admin/sales/drop-1/guards").text == before)
            #expect(try await client.admin("GET", "/admin/sales/nope/guards").status == 404)
        }
    }

    @Test("an alert is acknowledged through the admin API with the operator's name and the time, audited; an unknown alert is 404")
    func acknowledgeAlert() async throws {
        let guards = #","guards":{"payment_success":{"action":"alert","window":5,"min_samples":3}}"#
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: guards)) { client, _, _ in
            _ = try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":1,"latency_ms":0}"#)
            let statuses = try await GuardTraffic.commit([client], try await GuardTraffic.reservations([client], prefix: "ack", count: 4))
            #expect(statuses == [402, 402, 402, 402])
            let raised = try await GuardTraffic.eventually { !(try await GuardTraffic.alerts(client).isEmpty) }
            let answer = try await client.admin("GET", "/admin/sales/drop-1/alerts").text
            #expect(raised, "\(answer)")
            let id = try #require(try await GuardTraffic.alerts(client).first?["id"] as? String)
            let acknowledged = try await client.admin("POST", "/admin/sales/drop-1/alerts/\(id)/ack")
            #expect(acknowledged.status == 200)
            #expect((acknowledged.json?["acknowledged_by"] as? String)?.hasPrefix("admin@") == true)
            #expect((try await GuardTraffic.alerts(client).first?["acknowledged_by"] as? String)?.hasPrefix("admin@") == true)
            let at = try #require(acknowledged.json?["acknowledged_at"] as? String, "when, with whom")
            #expect(ISO8601DateFormatter().date(from: at) != nil, "\(at)")
            #expect(try await client.admin("POST", "/admin/sales/drop-1/alerts/\(id)/ack").json?["acknowledged_at"] as? String == at, "a second one keeps the first")
            #expect(try await GuardTraffic.audit(client).contains { $0["action"] as? String == "acknowledge" })
            #expect(try await client.admin("POST", "/admin/sales/drop-1/alerts/none/ack").status == 404)
            let snapshot = try #require(try await EventStream.read(client.baseURL + "/admin/sales/drop-1/telemetry",
                                                                    token: DaemonFixture.adminToken, count: 1).first)
            #expect((snapshot["alerts"] as? [[String: Any]])?.first?["guard"] as? String == "payment_success")
        }
    }
}
