import FloodgateRedis
import FloodgateSystem
import FloodgateTesting
import Foundation

/// A daemon on a fresh redis-server, with a sale created through the admin API.
enum DaemonFixture {
    static let adminToken = "test-admin-token"
    /// The token-signing secret the fixture's daemons use, so tests can sign tokens too.
    static let secret = "test-signing-secret"

    /// A sale definition that starts now with one SKU `A`.
    static func saleJSON(_ id: String = "drop-1", stock: Int = 100, rate: Double = 1000, extra: String = "") -> String {
        #"{"id":"\#(id)","skus":[{"sku":"A","stock":\#(stock)}],"admit_per_second":\#(rate),"admission_factor":100\#(extra)}"#
    }

    /// Runs `body` with a client of a fresh daemon that serves `sale` (nil: no sale).
    static func with<T: Sendable>(
        sale: String? = saleJSON(),
        arguments: [String] = [],
        _ body: (FloodgateClient, TestDaemon, RedisServerProcess) async throws -> T
    ) async throws -> T {
        try await TestRedisServer.with { redis in
            let daemon = try await TestDaemon.start(["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", adminToken, "--secret", secret] + arguments)
            let client = FloodgateClient(baseURL: daemon.baseURL, adminToken: adminToken)
            do {
                if let sale { try await client.createSale(sale) }
                let result = try await body(client, daemon, redis)
                await daemon.stop()
                return result
            } catch {
                await daemon.stop()
                throw error
            }
        }
    }

    /// The sale's stock and counters, to show that a refused call changed nothing.
    static func footprint(_ client: FloodgateClient, sale: String = "drop-1") async throws -> String {
        let status = try await client.saleStatus(sale)
        let skus = (status["skus"] as? [[String: Any]] ?? []).map { "\($0["sku"]!):\($0["available"]!)/\($0["reserved"]!)/\($0["sold"]!)" }
        let counters = (status["counters"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return (skus + counters + ["queue=\(status["queue_length"]!)"]).joined(separator: " ")
    }
}
