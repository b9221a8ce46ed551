import FloodgateTesting
import Foundation
import Testing

@Suite("Adaptive admission: AIMD within the operator's bounds, into the floor and out again")
struct AdaptiveAdmissionHTTPTests {
    @Test("failing payments drive the rate down to its floor, never below; healthy payments bring it back up to the ceiling")
    func floorAndBack() async throws {
        let extra = #","admission":{"mode":"adaptive","min_per_second":2,"max_per_second":20,"target_checkout_p99_ms":250},"#
            + #""guards":{"payment_success":{"action":"alert","window":6,"min_samples":4}}"#
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(rate: 20, extra: extra)) { client, _, _ in
            _ = try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":1,"latency_ms":0}"#)
            try await GuardTraffic.commit([client], try await GuardTraffic.reservations([client], prefix: "down", count: 6))
            #expect(try await GuardTraffic.eventually { try await GuardTraffic.rate(client) == 2 })
            #expect(try await GuardTraffic.entries(client, actor: "guard:admission", action: "lower").count >= 1)

            _ = try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":0,"latency_ms":0}"#)
            try await GuardTraffic.commit([client], try await GuardTraffic.reservations([client], prefix: "up", count: 6))
            #expect(try await GuardTraffic.eventually { try await GuardTraffic.rate(client) == 20 })
            #expect(try await GuardTraffic.entries(client, actor: "guard:admission", action: "raise").count >= 1)
        }
    }
}
