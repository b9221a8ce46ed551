import FloodgateEngine
import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Malformed data in Redis over HTTP")
struct MalformedDataHTTPTests {
    @Test("a sale whose reservation TTL is corrupted in Redis answers reserve with 500 internal_error in the error shape, and no stock moves")
    func reserveOnCorruptSale() async throws {
        try await DaemonFixture.with { client, _, redis in
            let token = try await client.token(sale: "drop-1", user: "shopper")
            try await client.waitUntilAdmitted(token)
            let inspector = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await inspector.connect()
            defer { inspector.shutdown() }
            _ = try await inspector.send(["HSET", SaleKeys(saleID: "drop-1").control, "ttl_ms", "two minutes"])
            let before = try await DaemonFixture.footprint(client)
            let response = try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: token)
            #expect(response.status == 500)
            let error = response.json?["error"] as? [String: Any]
            #expect(error?["code"] as? String == "internal_error" && error?["message"] is String)
            #expect(try await DaemonFixture.footprint(client) == before)
        }
    }
}
