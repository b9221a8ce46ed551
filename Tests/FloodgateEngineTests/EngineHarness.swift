import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import FloodgateTesting
import Foundation

/// A sale engine on a fresh redis-server for one test.
enum EngineHarness {
    static func with<T: Sendable>(payments: PaymentPolicy = PaymentPolicy(), _ body: (SaleEngine, RedisClient) async throws -> T) async throws -> T {
        try await TestRedisServer.withClient(configure: { $0.commandTimeout = .seconds(20) }) { client, _ in
            let engine = SaleEngine(redis: client, scripts: try ScriptLibrary.load(), payments: payments)
            try await engine.loadScripts()
            return try await body(engine, client)
        }
    }

    /// A running sale (started a second ago) with one SKU.
    static func sale(_ id: String = "drop-1", stock: Int = 100, perUserLimit: Int = 1, ttl: Int = 120,
                     fairness: Fairness = .fifo, rate: Double = 100_000, failureRate: Double = 0, latencyMs: Int = 0,
                     window: Int = 300) -> SaleDefinition {
        var definition = SaleDefinition(id: id, skus: [.init(sku: "A", stock: stock)], startsAt: Date().addingTimeInterval(-1))
        definition.perUserLimit = perUserLimit
        definition.reservationTTLSeconds = ttl
        definition.admissionWindowSeconds = window
        definition.fairness = fairness
        definition.admitPerSecond = rate
        definition.admissionFactor = 100
        definition.payment = .init(failureRate: failureRate, latencyMs: latencyMs)
        return definition
    }

    /// The simulated gateway's charges that stand (`charged:<reservation>`) for sale drop-1.
    static func charges(_ redis: RedisClient, saleID: String = "drop-1") async throws -> [String] {
        let values = try await redis.send(["HVALS", SaleKeys(saleID: saleID).payments]).array?.compactMap(\.string) ?? []
        return values.filter { $0.hasPrefix("charged:") }
    }

    /// Registers `count` users (u0, u1...) one after another and admits them all.
    static func registerAndAdmit(_ engine: SaleEngine, saleID: String = "drop-1", count: Int) async throws -> [Registration] {
        var registrations: [Registration] = []
        for index in 0..<count {
            registrations.append(try await engine.register(saleID: saleID, userID: "u\(index)", challengeID: nil, challengeLifetimeMs: 0))
        }
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(20))
            if try await engine.tick(saleID: saleID).admittedThrough >= UInt64(count) { break }
        }
        return registrations
    }
}
