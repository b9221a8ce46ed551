import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import Foundation
import Testing

/// A field the sale's keys must hold (written at creation) that is missing or not a number stops
/// the script with ``SaleEngineError/malformedData(_:)`` before it writes anything: never a
/// silent default.
@Suite("Malformed data in Redis fails loudly and changes nothing")
struct MalformedDataTests {
    /// Every key of sale drop-1 with its content, to show that a refused call changed nothing.
    static func snapshot(_ redis: RedisClient) async throws -> [String: String] {
        let keys = try await redis.send(["KEYS", "fg:{drop-1}:*"]).array?.compactMap(\.string) ?? []
        var contents: [String: String] = [:]
        for key in keys {
            let type = try await redis.send(["TYPE", key]).string ?? "?"
            let read: [String] = switch type {
            case "hash": ["HGETALL", key]
            case "zset": ["ZRANGE", key, "0", "-1", "WITHSCORES"]
            case "set": ["SMEMBERS", key]
            case "stream": ["XRANGE", key, "-", "+"]
            default: ["GET", key]
            }
            contents[key] = "\(type) \(try await redis.send(read))"
        }
        return contents
    }

    /// A running sale with shopper u0 admitted and holding one reservation.
    static func saleWithReservation(_ engine: SaleEngine) async throws -> String {
        try await engine.create(EngineHarness.sale(stock: 10, perUserLimit: 3))
        _ = try await EngineHarness.registerAndAdmit(engine, count: 1)
        return try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1).id
    }

    /// Sets `field` of `key` to `value`, or deletes it (nil).
    static func corrupt(_ redis: RedisClient, _ key: String, _ field: String, _ value: String?) async throws {
        _ = try await redis.send(value.map { ["HSET", key, field, $0] } ?? ["HDEL", key, field])
    }

    static let control = SaleKeys(saleID: "drop-1").control

    @Test("a missing or non-numeric control field makes the tick fail with malformedData and write nothing",
          arguments: [("window_ms", nil), ("window_ms", "abc"), ("admission_factor", "2x"), ("admitted_through", nil),
                      ("tickets", ""), ("ends_at_ms", nil), ("clock_offset_ms", "soon")] as [(String, String?)])
    func tickRefuses(field: String, value: String?) async throws {
        try await EngineHarness.with { engine, redis in
            _ = try await Self.saleWithReservation(engine)
            try await Self.corrupt(redis, Self.control, field, value)
            let before = try await Self.snapshot(redis)
            await #expect(throws: SaleEngineError.malformedData("tick: \(field) in \(Self.control)")) {
                try await engine.tick(saleID: "drop-1")
            }
            #expect(try await Self.snapshot(redis) == before)
        }
    }

    @Test("a missing or non-numeric reservation setting makes reserve fail with malformedData: no stock moves",
          arguments: [("ttl_ms", nil), ("ttl_ms", "abc"), ("per_user_limit", "1x"), ("expired_through", nil)] as [(String, String?)])
    func reserveRefuses(field: String, value: String?) async throws {
        try await EngineHarness.with { engine, redis in
            _ = try await Self.saleWithReservation(engine)
            try await Self.corrupt(redis, Self.control, field, value)
            let before = try await Self.snapshot(redis)
            await #expect(throws: SaleEngineError.malformedData("reserve: \(field) in \(Self.control)")) {
                try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
            }
            #expect(try await Self.snapshot(redis) == before)
        }
    }

    @Test("a reservation without its quantity or expiry makes cancel and commit fail with malformedData: no stock moves")
    func reservationFieldsRequired() async throws {
        try await EngineHarness.with { engine, redis in
            let id = try await Self.saleWithReservation(engine)
            let reservation = SaleKeys(saleID: "drop-1").reservation(id)
            try await Self.corrupt(redis, reservation, "qty", "one")
            var before = try await Self.snapshot(redis)
            await #expect(throws: SaleEngineError.malformedData("cancel: qty in \(reservation)")) {
                try await engine.cancel(saleID: "drop-1", userID: "u0", reservationID: id)
            }
            #expect(try await Self.snapshot(redis) == before)

            try await Self.corrupt(redis, reservation, "qty", "1")
            try await Self.corrupt(redis, reservation, "expires_ms", nil)
            before = try await Self.snapshot(redis)
            await #expect(throws: SaleEngineError.malformedData("commit_begin: expires_ms in \(reservation)")) {
                try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: id, idempotencyKey: "k", fingerprint: "f")
            }
            #expect(try await Self.snapshot(redis) == before)
        }
    }

    @Test("a never-incremented counter or a user holding nothing is zero, not an error")
    func absentMeansZero() async throws {
        try await EngineHarness.with { engine, redis in
            _ = try await Self.saleWithReservation(engine)
            _ = try await redis.send(["HDEL", SaleKeys(saleID: "drop-1").counters, "committed"])
            #expect(try await engine.tick(saleID: "drop-1").state == .running)
            _ = try await EngineHarness.registerAndAdmit(engine, count: 2)
            #expect(try await engine.reserve(saleID: "drop-1", userID: "u1", position: 2, sku: "A", qty: 1).qty == 1)
        }
    }

    @Test("the status of a sale with a malformed figure is protocolDrift, not a default")
    func statusRefuses() async throws {
        try await EngineHarness.with { engine, redis in
            _ = try await Self.saleWithReservation(engine)
            try await Self.corrupt(redis, Self.control, "registration_open", nil)
            await #expect(throws: SaleEngineError.protocolDrift("sale drop-1: registration_open is missing")) {
                try await engine.status(of: "drop-1")
            }
        }
    }
}
