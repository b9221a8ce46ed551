import FloodgateCore
import FloodgateTesting
import Foundation
import Testing

/// The bot defense over HTTP: holds keep `waiting`, evictions answer 401 token_revoked, the
/// admin API reports, explains, blocks and switches the policy, bad input changes nothing.
@Suite("Bot defense over HTTP")
struct BotDefenseHTTPTests {
    static func enforcing(_ extra: String = "") -> String {
        DaemonFixture.saleJSON(rate: 1_000, extra: #","bot_policy":{"mode":"enforce"\#(extra)}"#)
    }

    static func register(_ client: FloodgateClient, user: String, from source: String) async throws -> String {
        let response = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"\#(user)"}"#,
                                             headers: ["X-Forwarded-For": source])
        guard let token = response.json?["token"] as? String else { throw ClientError("register: \(response.status) \(response.text)") }
        return token
    }

    static func bots(_ client: FloodgateClient) async throws -> [String: Any] {
        try #require(try await client.admin("GET", "/admin/sales/drop-1/bots").json)
    }

    @Test("a blocked range is refused at registration; its sessions already in are held, status stays waiting; unblock undoes")
    func blockHoldsAndRefuses() async throws {
        // Without eviction, a block holds the sessions already in (score 1).
        try await DaemonFixture.with(sale: Self.enforcing(#","evict_at":null"#), arguments: ["--trust-forwarded-for"]) { client, _, _ in
            let token = try await Self.register(client, user: "scalper-1", from: "203.0.113.5")
            let blocked = try await client.admin("POST", "/admin/sales/drop-1/bots/block", json: #"{"source":"203.0.113.0/24"}"#)
            #expect(blocked.status == 200, "\(blocked.text)")
            let refused = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"scalper-2"}"#,
                                                headers: ["X-Forwarded-For": "203.0.113.77"])
            #expect(refused.status == 403 && refused.text.contains("blocked"))
            var held = false
            for _ in 0..<60 where !held {
                try await Task.sleep(for: .milliseconds(100))
                held = try await Self.bots(client)["held"] as? Int == 1
            }
            #expect(held)
            try await Task.sleep(for: .milliseconds(400))
            let status = try await client.call("GET", "/queue/status", token: token)
            #expect(status.json?["state"] as? String == "waiting", "\(status.text)")
            let reserve = try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: token)
            #expect(reserve.status == 403)
            let session = try await client.admin("GET", "/admin/sales/drop-1/bots/sessions/scalper-1")
            #expect(session.json?["score"] as? Double == 1)
            #expect((session.json?["signals"] as? [[String: Any]])?.first?["signal"] as? String == "blocked")
            let audit = try await client.admin("GET", "/admin/sales/drop-1/audit").text
            #expect(audit.contains("bot_block"))
            _ = try await client.admin("POST", "/admin/sales/drop-1/bots/block", json: #"{"source":"203.0.113.0/24","unblock":true}"#)
            let again = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"scalper-2"}"#,
                                              headers: ["X-Forwarded-For": "203.0.113.77"])
            #expect(again.status == 201)
        }
    }

    @Test("block: malformed input is 400, an unknown sale 404, and nothing changes")
    func blockBadInput() async throws {
        try await DaemonFixture.with(sale: Self.enforcing()) { client, _, _ in
            let before = try await client.admin("GET", "/admin/sales/drop-1/bots").text
            for body in [#"{"source":"300.1.1.1"}"#, #"{"source":"10.0.0.0/40"}"#, #"{"fingerprint":"XYZ"}"#, "{}",
                         #"{"source":"10.0.0.1","fingerprint":"0123456789abcdef"}"#, #"{"source":1}"#, "[1]"] {
                let response = try await client.admin("POST", "/admin/sales/drop-1/bots/block", json: body)
                #expect(response.status == 400, "\(body): \(response.text)")
            }
            let unknown = try await client.admin("POST", "/admin/sales/nope/bots/block", json: #"{"source":"10.0.0.1"}"#)
            #expect(unknown.status == 404)
            #expect(try await client.admin("GET", "/admin/sales/drop-1/bots").text == before)
            #expect(try await client.admin("GET", "/admin/sales/nope/bots").status == 404)
            let badPolicy = try await client.admin("PUT", "/admin/sales/drop-1/bots/policy", json: #"{"mode":"panic","hold_at":2}"#)
            #expect(badPolicy.status == 400 && badPolicy.text.contains("bot_policy.mode") && badPolicy.text.contains("bot_policy.hold_at"))
        }
    }

    @Test("the policy switches live between observe and enforce, audited")
    func livePolicy() async throws {
        try await DaemonFixture.with { client, _, _ in
            #expect((try await Self.bots(client)["policy"] as? [String: Any])?["mode"] as? String == "observe")
            let response = try await client.admin("PUT", "/admin/sales/drop-1/bots/policy", json: #"{"mode":"enforce","hold_at":0.8}"#)
            #expect(response.status == 200, "\(response.text)")
            let policy = try #require(try await Self.bots(client)["policy"] as? [String: Any])
            #expect(policy["mode"] as? String == "enforce" && policy["hold_at"] as? Double == 0.8)
            #expect(try await client.admin("GET", "/admin/sales/drop-1/audit").text.contains("bot_policy"))
        }
    }

    @Test("a token polled from another /24 is a log-level moved_token; from another client too, stronger; explained per session")
    func movedToken() async throws {
        try await DaemonFixture.with(sale: Self.enforcing(), arguments: ["--trust-forwarded-for"]) { client, _, _ in
            let browser = ["User-Agent": "Mozilla/5.0 (Android 14) Mobile", "Accept-Language": "fr-CH"]
            func register(_ user: String) async throws -> String {
                let response = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"\#(user)"}"#,
                                                     headers: browser.merging(["X-Forwarded-For": "198.51.100.7"]) { $1 })
                return try #require(response.json?["token"] as? String, "\(response.text)")
            }
            func signals(_ user: String) async throws -> [String: Double] {
                let answer = try await client.admin("GET", "/admin/sales/drop-1/bots/sessions/\(user)").json
                let list = answer?["signals"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: list.compactMap { entry in
                    (entry["signal"] as? String).flatMap { name in (entry["probability"] as? Double).map { (name, $0) } }
                })
            }
            func waitFor(_ user: String, probability: Double) async throws -> [String: Double] {
                var seen: [String: Double] = [:]
                for _ in 0..<50 where seen["moved_token"] != probability {
                    try await Task.sleep(for: .milliseconds(100))
                    seen = try await signals(user)
                }
                return seen
            }
            // Another address of the same /24, same browser: no move.
            let desk = try await register("desk")
            let stay = try await client.call("GET", "/queue/status", token: desk, headers: browser.merging(["X-Forwarded-For": "198.51.100.99"]) { $1 })
            #expect(stay.status == 200)
            let phone = try await register("phone")
            // Mobile data: another /24, same browser. A log, not a hold.
            let moved = try await client.call("GET", "/queue/status", token: phone, headers: browser.merging(["X-Forwarded-For": "203.0.113.50"]) { $1 })
            #expect(moved.status == 200, "\(moved.text)")
            #expect(try await waitFor("phone", probability: 0.3)["moved_token"] == 0.3)
            #expect(try await signals("desk")["moved_token"] == nil)
            var session = try await client.admin("GET", "/admin/sales/drop-1/bots/sessions/phone").json
            #expect(session?["action"] as? String == "log" && session?["held"] as? Bool == false)
            // The token handed to another client, at checkout (not at once: no instant reserve): another subnet and another agent.
            try await Task.sleep(for: .milliseconds(800))
            let handedOver = try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: phone,
                                                   headers: ["User-Agent": "python-requests/2.31", "X-Forwarded-For": "192.0.2.33"])
            #expect(handedOver.status == 201, "\(handedOver.text)")
            #expect(try await waitFor("phone", probability: 0.6)["moved_token"] == 0.6)
            session = try await client.admin("GET", "/admin/sales/drop-1/bots/sessions/phone").json
            let explained = (session?["signals"] as? [[String: Any]])?.first { $0["signal"] as? String == "moved_token" }
            #expect(explained?["weight"] as? Double == 0.6)
            #expect((explained?["meaning"] as? String)?.contains("another subnet or client") == true)
        }
    }

    @Test("polling far faster than asked gets a session evicted: 401 token_revoked, its reservation back in stock")
    func evictFastPoller() async throws {
        let sale = Self.enforcing(#","hold_at":0.6,"evict_at":0.65"#)
        try await DaemonFixture.with(sale: sale, arguments: ["--trust-forwarded-for"]) { client, _, _ in
            let token = try await Self.register(client, user: "poller", from: "198.51.100.7")
            try await client.waitUntilAdmitted(token)
            _ = try await client.reserve(token, sku: "A")
            var revoked = false
            for _ in 0..<100 where !revoked {
                let status = try await client.call("GET", "/queue/status", token: token)
                revoked = status.status == 401 && status.text.contains("token_revoked")
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(revoked)
            let sku = try #require((try await client.saleStatus("drop-1")["skus"] as? [[String: Any]])?.first)
            #expect(sku["available"] as? Int == 100 && sku["reserved"] as? Int == 0)
            let report = try await Self.bots(client)
            #expect(report["evicted"] as? Int == 1)
            #expect((report["offenders"] as? [[String: Any]])?.first?["source"] as? String == "198.51.100.7")
        }
    }
}
