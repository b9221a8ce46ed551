import FloodgateTesting
import Foundation
import Testing

@Suite("The public API end to end over real HTTP")
struct CheckoutFlowTests {
    @Test("register, poll, reserve, commit, replay, cancel: every answer as DESIGN.md says")
    func happyPath() async throws {
        try await DaemonFixture.with { client, _, _ in
            let first = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"alice"}"#)
            #expect(first.status == 201)
            #expect(Set(first.json?.keys.map { $0 } ?? []) == ["token", "sale_id", "user_id", "position", "state", "issued_at", "expires_at"])
            let again = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"alice"}"#)
            #expect(again.status == 200)
            #expect(again.json?["position"] as? Int == first.json?["position"] as? Int)
            let token = try #require(first.json?["token"] as? String)

            try await client.waitUntilAdmitted(token)
            let status = try await client.call("GET", "/queue/status", token: token)
            #expect(Set(status.json?.keys.map { $0 } ?? []) == ["state", "position", "ahead", "admitted_through", "eta_seconds", "poll_after_ms"])

            let reserve = try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: token)
            #expect(reserve.status == 201)
            #expect(reserve.json?["status"] as? String == "reserved")
            let reservation = try #require(reserve.json?["reservation_id"] as? String)

            let commit = try await client.commit(token, reservation: reservation, key: "k-1")
            #expect(commit.status == 200)
            #expect(commit.json?["status"] as? String == "committed")
            let replay = try await client.commit(token, reservation: reservation, key: "k-1")
            #expect(replay.status == 200 && replay.body == commit.body)
            let otherKey = try await client.commit(token, reservation: reservation, key: "k-2")
            #expect(otherKey.json?["order_id"] as? String == commit.json?["order_id"] as? String)

            let cancel = try await client.call("POST", "/checkout/cancel", json: #"{"reservation_id":"\#(reservation)"}"#, token: token)
            #expect(cancel.status == 409)
            #expect((cancel.json?["error"] as? [String: Any])?["code"] as? String == "already_committed")
            #expect(try await DaemonFixture.footprint(client).hasPrefix("A:99/0/1"))
        }
    }

    @Test("pause answers 503 paused at checkout; resume lets it through")
    func pauseAndResume() async throws {
        try await DaemonFixture.with { client, _, _ in
            let token = try await client.token(sale: "drop-1", user: "bob")
            try await client.waitUntilAdmitted(token)
            #expect(try await client.admin("POST", "/admin/sales/drop-1/pause").json?["state"] as? String == "paused")
            let paused = try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: token)
            #expect(paused.status == 503)
            #expect((paused.json?["error"] as? [String: Any])?["code"] as? String == "paused")
            // Status answers from the daemon's view, which the ticker refreshes 5 times a second.
            var state: String?
            for _ in 0..<40 where state != "paused" {
                state = try await client.call("GET", "/queue/status", token: token).json?["state"] as? String
                if state != "paused" { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(state == "paused")
            #expect(try await client.admin("POST", "/admin/sales/drop-1/resume").json?["state"] as? String == "running")
            _ = try await client.reserve(token, sku: "A")
            let audit = try await client.admin("GET", "/admin/sales/drop-1/audit")
            let actions = (audit.json?["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.prefix(3) == ["resume", "pause", "create"])
        }
    }

    @Test("rollback releases reservations and refunds orders; running it twice changes nothing more")
    func rollback() async throws {
        try await DaemonFixture.with { client, _, _ in
            var tokens: [String] = []
            for user in 0..<3 { tokens.append(try await client.token(sale: "drop-1", user: "u\(user)")) }
            for token in tokens { try await client.waitUntilAdmitted(token) }
            _ = try await client.reserve(tokens[0], sku: "A")
            let bought = try await client.reserve(tokens[1], sku: "A")
            #expect(try await client.commit(tokens[1], reservation: bought, key: "k").status == 200)
            let first = try await client.admin("POST", "/admin/sales/drop-1/rollback", json: #"{"refund":"all"}"#)
            #expect(first.status == 200)
            #expect(first.json?["rollback"] as? [String: Int] == ["released": 1, "refunded": 1, "already_refunded": 0])
            let second = try await client.admin("POST", "/admin/sales/drop-1/rollback", json: #"{"refund":"all"}"#)
            #expect(second.json?["rollback"] as? [String: Int] == ["released": 0, "refunded": 0, "already_refunded": 1])
            #expect(second.json?["state"] as? String == "paused")
            #expect(try await DaemonFixture.footprint(client).hasPrefix("A:100/0/0"))
        }
    }

    @Test("a rollback's released reservations are counted: reserved = committed + cancelled + expired + released + live, in the status and the telemetry")
    func rollbackCountsReleased() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: #","per_user_limit":2"#)) { client, _, _ in
            #expect((try await client.saleStatus("drop-1"))["counters"].flatMap { $0 as? [String: Int] }?["released"] == 0)
            var tokens: [String] = []
            for user in 0..<3 { tokens.append(try await client.token(sale: "drop-1", user: "u\(user)")) }
            for token in tokens { try await client.waitUntilAdmitted(token) }
            let bought = try await client.reserve(tokens[0], sku: "A")
            #expect(try await client.commit(tokens[0], reservation: bought, key: "k").status == 200)
            _ = try await client.reserve(tokens[1], sku: "A")
            _ = try await client.reserve(tokens[2], sku: "A", qty: 2)
            let answer = try await client.admin("POST", "/admin/sales/drop-1/rollback", json: #"{"refund":"none"}"#)
            #expect(answer.json?["rollback"] as? [String: Int] == ["released": 2, "refunded": 0, "already_refunded": 0])
            let counters = try #require(answer.json?["counters"] as? [String: Int])
            #expect(counters["reserved"] == 3 && counters["committed"] == 1 && counters["released"] == 2)
            #expect(counters["reserved"] == ["committed", "cancelled", "expired", "released"].reduce(0) { $0 + (counters[$1] ?? 0) })
            let events = try await EventStream.read(client.baseURL + "/admin/sales/drop-1/telemetry", token: DaemonFixture.adminToken, count: 1)
            let funnel = try #require(events.last?["funnel"] as? [String: Any])
            #expect(funnel["released"] as? Int == 2 && funnel["reserved"] as? Int == 3)
        }
    }

    @Test("the telemetry stream sends a snapshot a second with the war room's figures")
    func telemetry() async throws {
        try await DaemonFixture.with { client, _, _ in
            _ = try await client.token(sale: "drop-1", user: "carol")
            let events = try await EventStream.read(client.baseURL + "/admin/sales/drop-1/telemetry", token: DaemonFixture.adminToken, count: 2)
            #expect(events.count == 2)
            let snapshot = try #require(events.last)
            #expect(snapshot["sale_id"] as? String == "drop-1")
            #expect((snapshot["queue"] as? [String: Any])?["registered"] as? Int == 1)
            #expect((snapshot["skus"] as? [[String: Any]])?.first?["available"] as? Int == 100)
            #expect((snapshot["conservation"] as? [String: Any])?["ok"] as? Bool == true)
            for key in ["reservations", "funnel", "payments", "http", "redis", "bots", "alerts", "audit"] {
                #expect(snapshot[key] != nil, "missing \(key)")
            }
        }
    }
}
