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
            let entries = try await client.admin("GET", "/admin/sales/drop-1/audit").json?["entries"] as? [[String: Any]] ?? []
            #expect(entries.first?["actor"] as? String == "guard:conservation")
            let snapshot = try #require(try await EventStream.read(client.baseURL + "/admin/sales/drop-1/telemetry",
                                                                    token: DaemonFixture.adminToken, count: 1).first)
            #expect((snapshot["conservation"] as? [String: Any])?["ok"] as? Bool == false)
            #expect((snapshot["alerts"] as? [String])?.first?.contains("CONSERVATION") == true)
        }
    }
}
