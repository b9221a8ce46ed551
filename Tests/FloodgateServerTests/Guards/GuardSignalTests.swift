import FloodgateEngine
import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Guards: checkout latency, 5xx share and reservation expiries fire on real traffic, act and recover")
struct GuardSignalTests {
    @Test("slow payments push commit p99 over 300 ms: admission is throttled, and stepped back once checkout is quiet again")
    func checkoutLatencyThrottles() async throws {
        let guards = #","guards":{"checkout_latency":{"window":2,"hold_down_seconds":1}}"#
        // The daemon waits for the slow payments (rather than answering 202 after 250 ms), so commit p99 shows them.
        let arguments = ["--checkout-per-token", "0", "--payment-answer-ms", "5000"]
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: guards), arguments: arguments) { client, _, _ in
            let held = try await GuardTraffic.reservations([client], prefix: "slow", count: 12)
            _ = try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":0,"latency_ms":500}"#)
            #expect(try await GuardTraffic.commit([client], held) == Array(repeating: 200, count: 12))
            #expect(try await GuardTraffic.eventually {
                !(try await GuardTraffic.entries(client, actor: "guard:checkout_latency", action: "fire").isEmpty)
            })
            let fired = try await GuardTraffic.entries(client, actor: "guard:checkout_latency", action: "fire")
            #expect((fired.first?["detail"] as? String)?.contains("admit_per_second 1000 -> 500") == true)
            #expect(try await GuardTraffic.eventually {
                !(try await GuardTraffic.entries(client, actor: "guard:checkout_latency", action: "recover").isEmpty)
            })
            #expect(try await GuardTraffic.rate(client) == 1000)
        }
    }

    @Test("checkout answering 500 (a corrupted sale setting): registration is halted, and reopened once the errors stop")
    func serverErrorsHaltRegistration() async throws {
        let guards = #","guards":{"server_errors":{"action":"halt_registration","window":3,"min_samples":10,"hold_down_seconds":1}}"#
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: guards), arguments: ["--checkout-per-token", "0"]) { client, _, redis in
            let token = try await client.token(sale: "drop-1", user: "u0")
            try await client.waitUntilAdmitted(token)
            let inspector = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await inspector.connect()
            defer { inspector.shutdown() }
            let control = SaleKeys(saleID: "drop-1").control
            let ttl = try #require(try await inspector.send(["HGET", control, "ttl_ms"]).string)
            _ = try await inspector.send(["HSET", control, "ttl_ms", "two minutes"])
            var statuses: [Int] = []
            for _ in 0..<15 { statuses.append(try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: token).status) }
            #expect(statuses == Array(repeating: 500, count: 15))
            #expect(try await GuardTraffic.eventually { try await client.saleStatus("drop-1")["registration_open"] as? Bool == false })
            let fired = try await GuardTraffic.entries(client, actor: "guard:server_errors", action: "fire")
            #expect(fired.count == 1 && (fired.first?["detail"] as? String)?.contains("halt registration") == true)
            _ = try await inspector.send(["HSET", control, "ttl_ms", ttl])
            #expect(try await GuardTraffic.eventually { try await client.saleStatus("drop-1")["registration_open"] as? Bool == true })
            #expect(try await GuardTraffic.entries(client, actor: "guard:server_errors", action: "recover").count == 1)
        }
    }

    @Test("reservations expiring against reservations made: the alert is raised, and cleared once the window has passed")
    func expiryRateAlerts() async throws {
        let extra = #","reservation_ttl_seconds":5,"guards":{"expiry_rate":{"window":10,"min_samples":3,"hold_down_seconds":1}}"#
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: extra)) { client, _, _ in
            try await Task.sleep(for: .seconds(2))
            _ = try await GuardTraffic.reservations([client], prefix: "idle", count: 4)
            #expect(try await GuardTraffic.eventually {
                !(try await GuardTraffic.entries(client, actor: "guard:expiry_rate", action: "fire").isEmpty)
            })
            let alert = try #require(try await GuardTraffic.alerts(client).first { $0["guard"] as? String == "expiry_rate" })
            #expect((alert["figure"] as? String)?.contains("4 expiries for 4 reservations") == true)
            #expect(try await GuardTraffic.eventually {
                !(try await GuardTraffic.entries(client, actor: "guard:expiry_rate", action: "recover").isEmpty)
            })
        }
    }
}
