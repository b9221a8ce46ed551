import FloodgateCore
import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Guards: the conservation check pauses a sale whose stock was changed behind the daemon's back")
struct GuardTests {
    @Test("stock added in Redis by hand: the sale pauses within seconds, audited as guard:conservation, alerted in telemetry")
    func conservationViolationPauses() async throws {
        try await DaemonFixture.with { client, _, redis in
            #expect(try await client.saleStatus("drop-1")["state"] as? String == "running")
            let tamper = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await tamper.connect()
            _ = try await tamper.send(["HINCRBY", "fg:{drop-1}:inv", "A|available", "5"])
            tamper.shutdown()
            var state = ""
            for _ in 0..<50 where state != "paused" {
                try await Task.sleep(for: .milliseconds(100))
                state = try await client.saleStatus("drop-1")["state"] as? String ?? ""
            }
            #expect(state == "paused")
            let status = try await client.saleStatus("drop-1")
            #expect(status["paused_by"] as? String == "guard:conservation")
            #expect(status["pause_reason"] as? String == "stock not conserved")
            #expect((status["paused_at"] as? String).flatMap(RFC3339.parse) != nil)
            let entries = try await client.admin("GET", "/admin/sales/drop-1/audit").json?["entries"] as? [[String: Any]] ?? []
            #expect(entries.first?["actor"] as? String == "guard:conservation")
            let snapshot = try #require(try await EventStream.read(client.baseURL + "/admin/sales/drop-1/telemetry",
                                                                    token: DaemonFixture.adminToken, count: 1).first)
            #expect((snapshot["conservation"] as? [String: Any])?["ok"] as? Bool == false)
            let alert = (snapshot["alerts"] as? [[String: Any]])?.first
            #expect(alert?["guard"] as? String == "conservation" && alert?["severity"] as? String == "critical")
            #expect((alert?["figure"] as? String)?.contains("A: initial 100") == true)
            #expect(snapshot["paused_by"] as? String == "guard:conservation")
            #expect(snapshot["pause_reason"] as? String == "stock not conserved")
        }
    }

    @Test("an operator's pause names the operator, the time and the reason given, also to the next daemon on the same Redis; resume clears them; a bad reason changes nothing")
    func operatorPauseIsRecorded() async throws {
        try await DaemonFixture.with { client, daemon, redis in
            let bad = try await client.admin("POST", "/admin/sales/drop-1/pause", json: #"{"reason":42}"#)
            #expect(bad.status == 400 && (bad.json?["error"] as? [String: Any])?["code"] as? String == "bad_request")
            #expect(try await client.saleStatus("drop-1")["paused_by"] is NSNull)
            let paused = try await client.admin("POST", "/admin/sales/drop-1/pause", json: #"{"reason":"payment outage"}"#)
            #expect(paused.status == 200)
            #expect((paused.json?["paused_by"] as? String)?.hasPrefix("admin@") == true)
            #expect(paused.json?["pause_reason"] as? String == "payment outage")
            #expect((paused.json?["paused_at"] as? String).flatMap(RFC3339.parse) != nil)
            await daemon.stop()
            let next = try await TestDaemon.start(["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", DaemonFixture.adminToken,
                                                   "--secret", DaemonFixture.secret])
            let restarted = FloodgateClient(baseURL: next.baseURL, adminToken: DaemonFixture.adminToken)
            let status: [String: Any], resumed: HTTPProbe.Response
            do {
                status = try await restarted.saleStatus("drop-1")
                resumed = try await restarted.admin("POST", "/admin/sales/drop-1/resume")
            } catch {
                await next.stop()
                throw error
            }
            await next.stop()
            for field in ["paused_by", "paused_at", "pause_reason"] { #expect(status[field] as? String == paused.json?[field] as? String) }
            #expect(resumed.json?["paused_by"] is NSNull && resumed.json?["paused_at"] is NSNull && resumed.json?["pause_reason"] is NSNull)
        }
    }
}
