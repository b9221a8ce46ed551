import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("One broken sale does not stop the others")
struct TickerIsolationTests {
    @Test("a sale whose tick fails or whose definition is unreadable is skipped: every other sale keeps admitting")
    func brokenSaleIsolated() async throws {
        try await DaemonFixture.with { client, _, server in
            let redis = try await PaymentOutcomeTests.connect(server)
            defer { redis.shutdown() }
            try await client.createSale(DaemonFixture.saleJSON("aa-wrongtype"))
            _ = try await redis.send(["SET", "fg:{aa-wrongtype}:admits", "not a sorted set"])
            _ = try await redis.send(["SADD", "fg:{global}:sales", "aaa-broken"])
            _ = try await redis.send(["SET", "fg:{aaa-broken}:def", "not json"])
            try await Task.sleep(for: .milliseconds(1_500))
            let token = try await client.token(sale: "drop-1", user: "after-the-break")
            try await client.waitUntilAdmitted(token)
        }
    }
}
