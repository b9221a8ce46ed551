import FloodgateRedis
import FloodgateTesting
import Testing

@testable import FloodgateRehearsal

/// Before the checks read Redis, the rehearsal waits for the sale's open payment attempts
/// (reservations paying, charges queued to be voided) to be settled, as the daemons'
/// reconciliation pass does once an attempt's hold has passed.
@Suite("Rehearsal checks wait for open payment attempts to settle")
struct PaymentSettlingTests {
    @Test("an attempt paying and a void queued are open; the wait ends once they are settled")
    func settles() async throws {
        try await TestRedisServer.withClient { redis, _ in
            #expect(try await PaymentSettling.openAttempts(redis, saleID: "s1") == 0)
            _ = try await redis.send(["ZADD", "fg:{s1}:paying", "1", "r1"])
            _ = try await redis.send(["ZADD", "fg:{s1}:voids", "1", "p9"])
            #expect(try await PaymentSettling.openAttempts(redis, saleID: "s1") == 2)
            let reconciler = Task {
                try await Task.sleep(for: .milliseconds(600))
                _ = try await redis.send(["ZREM", "fg:{s1}:paying", "r1"])
                _ = try await redis.send(["ZREM", "fg:{s1}:voids", "p9"])
            }
            let outcome = try await PaymentSettling.wait(redis, saleID: "s1", atMost: .seconds(60))
            try await reconciler.value
            #expect(outcome.openAtDrain == 2 && outcome.open == 0)
        }
    }

    @Test("an attempt never settled is still open when the wait gives up, and counted")
    func givesUp() async throws {
        try await TestRedisServer.withClient { redis, _ in
            _ = try await redis.send(["ZADD", "fg:{s2}:paying", "1", "r1"])
            let outcome = try await PaymentSettling.wait(redis, saleID: "s2", atMost: .milliseconds(300))
            #expect(outcome.openAtDrain == 1 && outcome.open == 1)
        }
    }

    @Test("a key of the wrong type is an error, not a settled sale")
    func wrongType() async throws {
        try await TestRedisServer.withClient { redis, _ in
            _ = try await redis.send(["SET", "fg:{s3}:paying", "x"])
            await #expect(throws: RehearsalSetupError.self) { try await PaymentSettling.wait(redis, saleID: "s3") }
        }
    }
}
