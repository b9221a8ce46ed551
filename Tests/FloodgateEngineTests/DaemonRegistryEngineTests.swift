import FloodgateEngine
import FloodgateRedis
import Foundation
import Testing

@Suite("The daemons' registry in Redis: heartbeats on Redis' clock, pruning, malformed entries")
struct DaemonRegistryEngineTests {
    static func heartbeat(_ id: String) -> DaemonHeartbeat {
        DaemonHeartbeat(id: id, address: "127.0.0.1:8080", version: "0.2.0", startedAtMs: 1, requestsPerSecond: 12.5, p99Ms: 3, lastSeenMs: 0)
    }

    static func isMalformed(_ error: any Error) -> Bool {
        if case .malformedData = error as? SaleEngineError { return true }
        return false
    }

    @Test("a heartbeat is stamped with Redis' clock and listed; one silent past the limit is pruned, a fresh one stays")
    func beatAndPrune() async throws {
        try await EngineHarness.with { engine, redis in
            let written = try await engine.beat(Self.heartbeat("d-fresh"))
            var old = Self.heartbeat("d-old")
            old.lastSeenMs = written.lastSeenMs - 61_000
            _ = try await redis.send(["HSET", SaleKeys.daemons, "d-old", String(decoding: try JSONEncoder().encode(old), as: UTF8.self)])
            let (listed, now) = try await engine.daemons()
            #expect(listed.map(\.id) == ["d-fresh", "d-old"])
            #expect(listed.first == written)
            #expect(now >= written.lastSeenMs)
            #expect(try await engine.pruneDaemons(silentFor: 60) == ["d-old"])
            #expect(try await engine.daemons().heartbeats.map(\.id) == ["d-fresh"])
        }
    }

    @Test("an entry that is not a heartbeat is malformed data, and pruning removes nothing", arguments: ["{", #"{"id":"d-other"}"#, "42"])
    func malformedEntry(_ value: String) async throws {
        try await EngineHarness.with { engine, redis in
            try await engine.beat(Self.heartbeat("d-fresh"))
            _ = try await redis.send(["HSET", SaleKeys.daemons, "d-bad", value])
            await #expect { try await engine.daemons() } throws: { Self.isMalformed($0) }
            await #expect { try await engine.pruneDaemons(silentFor: 0) } throws: { Self.isMalformed($0) }
            #expect(try await redis.send(["HLEN", SaleKeys.daemons]).int == 2)
        }
    }
}
