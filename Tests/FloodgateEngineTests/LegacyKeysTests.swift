import FloodgateEngine
import FloodgateRedis
import Testing

@Suite("Global keys under the {global} hash tag")
struct LegacyKeysTests {
    @Test("an older data directory's fg:sales and fg:secret move to their {global} names, once")
    func legacyKeysMove() async throws {
        try await EngineHarness.with { engine, redis in
            _ = try await redis.send(["SADD", "fg:sales", "drop-1", "drop-2"])
            _ = try await redis.send(["SET", "fg:secret", "c2VjcmV0"])
            try await engine.migrateLegacyKeys()
            try await engine.migrateLegacyKeys()
            #expect(try await engine.saleIDs() == ["drop-1", "drop-2"])
            #expect(try await redis.send(["GET", SaleKeys.secret]).string == "c2VjcmV0")
            #expect(try await redis.send(["EXISTS", "fg:sales", "fg:secret"]).int == 0)
        }
    }
}
