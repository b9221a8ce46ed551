import FloodgateCore
import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Guards: each fires on real traffic, acts once whichever daemon evaluates, records in observe mode, recovers by steps")
struct GuardActionTests {
    /// A payment guard that looks at the last 10 attempts and recovers 2 s after they are healthy again.
    static func paymentGuard(mode: String, action: String = "throttle") -> String {
        #","guards":{"payment_success":{"mode":"\#(mode)","action":"\#(action)","window":10,"min_samples":6,"hold_down_seconds":2,"factor":0.5}}"#
    }

    @Test("payment outage on two daemons: one daemon throttles admission once (one audit entry), raises an alert, and steps back to the rate once payments succeed")
    func paymentOutageThrottlesAndRecovers() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: Self.paymentGuard(mode: "enforce"))) { client, _, redis in
            try await GuardTraffic.withSecondDaemon(redis) { other in try await Self.outageAndRecovery([client, other]) }
        }
    }

    private static func outageAndRecovery(_ clients: [FloodgateClient]) async throws {
        let client = clients[0]
        #expect(try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":1,"latency_ms":0}"#).status == 200)
        let failing = try await GuardTraffic.reservations(clients, prefix: "outage", count: 8)
        #expect(try await GuardTraffic.commit(clients, failing) == Array(repeating: 402, count: 8))
        #expect(try await GuardTraffic.eventually { try await GuardTraffic.rate(client) < 1000 })
        let fired = try await GuardTraffic.entries(client, actor: "guard:payment_success", action: "fire")
        #expect(fired.count == 1)
        #expect((fired.first?["detail"] as? String)?.contains("payment success 0%") == true)
        #expect(fired.first?["result"] as? String == "ok")
        let alert = try #require(try await GuardTraffic.alerts(client).first)
        #expect(alert["guard"] as? String == "payment_success" && alert["severity"] as? String == "critical")
        #expect(alert["cleared_at"] is NSNull && alert["dry_run"] as? Bool == false)

        #expect(try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":0,"latency_ms":0}"#).status == 200)
        let healthy = try await GuardTraffic.reservations(clients, prefix: "healthy", count: 10)
        #expect(try await GuardTraffic.commit(clients, healthy) == Array(repeating: 200, count: 10))
        #expect(try await GuardTraffic.eventually(seconds: 40) { try await GuardTraffic.rate(client) == 1000 })
        #expect(try await GuardTraffic.eventually {
            try await GuardTraffic.entries(client, actor: "guard:payment_success", action: "recover").count == 1
        })
        #expect(try await GuardTraffic.entries(client, actor: "guard:payment_success", action: "fire").count == 1)
        let cleared = try #require(try await GuardTraffic.alerts(client).first { $0["guard"] as? String == "payment_success" })
        #expect((cleared["cleared_at"] as? String).flatMap(RFC3339.parse) != nil)
        let fire = #"floodgate_guard_events_total{sale="drop-1",guard="payment_success",event="fire",mode="enforce"} 1"#
        var counted = 0
        for daemon in clients where try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text.contains(fire) { counted += 1 }
        #expect(counted == 1)
    }

    @Test("payment outage with the default pause: the guard pauses the sale, one commit per probe interval reaches the gateway, the others are answered 503 and keep their carts, and the sale resumes by itself once probes pay")
    func paymentOutagePausesWithProbes() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: Self.paymentGuard(mode: "enforce", action: "pause"))) { client, _, _ in
            let held = try await GuardTraffic.reservations([client], prefix: "held", count: 20)
            #expect(try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":1,"latency_ms":0}"#).status == 200)
            #expect(try await GuardTraffic.commit([client], Array(held.prefix(8))) == Array(repeating: 402, count: 8))
            #expect(try await GuardTraffic.eventually { try await client.saleStatus("drop-1")["paused_by"] as? String == "guard:payment_success" })
            let waiting = Array(held.dropFirst(8))
            // Back to back, the first commit is the probe; the others are answered 503 with Retry-After and keep their carts.
            var statuses: [Int] = []
            for (token, reservation) in waiting.prefix(3) {
                let answer = try await client.commit(token, reservation: reservation, key: "k-\(reservation)")
                if answer.status == 503 { #expect(answer.retryAfter == "2" && answer.json?["error"] != nil) }
                statuses.append(answer.status)
            }
            // The gateway still declines everything: the probe was declined too, and answered 503 like the rest.
            #expect(statuses == [503, 503, 503])
            let counters = try await client.saleStatus("drop-1")["counters"] as? [String: Any]
            #expect(counters?["payment_failures"] as? Int == 9)
            #expect(try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":0,"latency_ms":0}"#).status == 200)
            var paid = 0
            for (token, reservation) in waiting.dropFirst(3) where try await client.saleStatus("drop-1")["state"] as? String == "paused" {
                try await Task.sleep(for: .milliseconds(600))
                if try await client.commit(token, reservation: reservation, key: "probe-\(reservation)").status == 200 { paid += 1 }
            }
            #expect(paid >= 5)
            #expect(try await GuardTraffic.eventually { try await client.saleStatus("drop-1")["state"] as? String == "running" })
            let recovered = try #require(try await GuardTraffic.entries(client, actor: "guard:payment_success", action: "recover").first)
            #expect((recovered["detail"] as? String)?.contains("resume the sale") == true && recovered["result"] as? String == "ok")
            // The carts answered 503 were kept, the declined probe's too: the same Idempotency-Key pays now.
            for (token, reservation) in waiting.prefix(3) {
                #expect(try await client.commit(token, reservation: reservation, key: "k-\(reservation)").status == 200)
            }
        }
    }

    @Test("in observe mode the payment guard only records: an alert and an audit entry marked dry_run, the rate untouched")
    func observeModeOnlyRecords() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: Self.paymentGuard(mode: "observe"))) { client, _, _ in
            _ = try await client.admin("POST", "/admin/sales/drop-1/payment", json: #"{"failure_rate":1,"latency_ms":0}"#)
            try await GuardTraffic.commit([client], try await GuardTraffic.reservations([client], prefix: "dry", count: 8))
            #expect(try await GuardTraffic.eventually { !(try await GuardTraffic.entries(client, actor: "guard:payment_success", action: "fire").isEmpty) })
            let fired = try await GuardTraffic.entries(client, actor: "guard:payment_success", action: "fire")
            #expect(fired.first?["result"] as? String == "dry_run")
            #expect((fired.first?["detail"] as? String)?.contains("would admit_per_second 1000 -> 500") == true)
            #expect(try await GuardTraffic.alerts(client).first?["dry_run"] as? Bool == true)
            #expect(try await GuardTraffic.rate(client) == 1000)
        }
    }

    @Test("Redis stalled by CLIENT PAUSE: the Redis guard fires once Redis answers again, pauses the sale, and resumes it by itself where the operator allowed it")
    func redisStallPausesAndResumes() async throws {
        let guards = #","guards":{"redis_latency":{"action":"pause","auto_resume":true,"hold_down_seconds":2}}"#
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: guards)) { client, _, redis in
            let operatorClient = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await operatorClient.connect()
            defer { operatorClient.shutdown() }
            _ = try await operatorClient.send(["CLIENT", "PAUSE", "2500", "ALL"])
            #expect(try await GuardTraffic.eventually {
                !(try await GuardTraffic.entries(client, actor: "guard:redis_latency", action: "fire").isEmpty)
            })
            let fired = try await GuardTraffic.entries(client, actor: "guard:redis_latency", action: "fire")
            #expect((fired.first?["detail"] as? String)?.contains("Redis unreachable") == true)
            #expect(try await GuardTraffic.eventually {
                !(try await GuardTraffic.entries(client, actor: "guard:redis_latency", action: "recover").isEmpty)
            })
            let status = try await client.saleStatus("drop-1")
            #expect(status["state"] as? String == "running")
            #expect(try await GuardTraffic.entries(client, actor: "guard:redis_latency", action: "fire").count == 1)
        }
    }
}
