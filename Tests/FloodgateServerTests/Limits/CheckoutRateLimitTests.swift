import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Checkout rate limit per queue token: a reserve/cancel loop is cut off, and nothing past the limit changes")
struct CheckoutRateLimitTests {
    @Test("looping reserve/cancel 151 times: refused with 429 rate_limited and Retry-After; Redis holds only the allowed calls")
    func reserveCancelLoop() async throws {
        // A burst of 20 calls and one more every 100 s: the test sees exactly the burst.
        let limit = ["--checkout-per-token", "0.01", "--checkout-burst", "20"]
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: #","per_user_limit":1"#), arguments: limit) { client, _, redis in
            let token = try await client.token(sale: "drop-1", user: "looper")
            try await client.waitUntilAdmitted(token)
            var loops = 0
            var refusedAt: Int?
            var last: HTTPProbe.Response?
            for loop in 1...151 {
                let reserve = try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: token)
                last = reserve
                guard reserve.status == 201, let id = reserve.json?["reservation_id"] as? String else {
                    refusedAt = refusedAt ?? loop
                    continue
                }
                let cancel = try await client.call("POST", "/checkout/cancel", json: #"{"reservation_id":"\#(id)"}"#, token: token)
                if cancel.status == 200 { loops += 1 } else { refusedAt = refusedAt ?? loop; last = cancel }
            }
            let refused = try #require(last)
            #expect(refused.status == 429, "the 151st loop is refused")
            #expect((refused.json?["error"] as? [String: Any])?["code"] as? String == "rate_limited")
            #expect(refused.retryAfter == "100")
            #expect(loops == 10, "the burst of 20 calls is 10 whole loops")
            #expect(refusedAt == 11)

            let status = try await client.saleStatus("drop-1")
            let counters = try #require(status["counters"] as? [String: Any])
            let reservesAllowed = try #require(counters["reserved"] as? Int)
            #expect(counters["cancelled"] as? Int == loops)
            #expect(reservesAllowed == loops)
            let inspector = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await inspector.connect()
            defer { inspector.shutdown() }
            let ledger = try await inspector.send(["XLEN", "fg:{drop-1}:ledger"]).int
            #expect(ledger == Int64(1 + reservesAllowed + loops), "the initial stock, then one entry per allowed call")
            let keys = try await inspector.send(["KEYS", "fg:{drop-1}:res:*"]).array?.count
            #expect(keys == reservesAllowed)
        }
    }
}
