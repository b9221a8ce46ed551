import FloodgateRedis
import FloodgateTesting
import Testing

@Suite("Pipelining, back-pressure and cancellation")
struct RedisPipeliningTests {
    @Test("10,000 concurrent calls from many tasks each get their own reply")
    func tenThousandConcurrentCalls() async throws {
        try await TestRedisServer.withClient { client, _ in
            let count = 10_000
            var mset = ["MSET"]
            for index in 0..<count { mset += ["key:\(index)", "value:\(index)"] }
            #expect(try await client.send(mset) == .simple("OK"))
            let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<count {
                    group.addTask { try await client.send(["GET", "key:\(index)"]).string == "value:\(index)" }
                }
                return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
            }
            #expect(mismatches == 0)
        }
    }

    @Test("calls past the per-connection cap fail with overloaded; the rest are answered")
    func backPressure() async throws {
        try await TestRedisServer.withClient(configure: {
            $0.connectionCount = 1
            $0.maxPendingPerConnection = 10
        }) { client, _ in
            let sleeper = Task { try await client.send(["DEBUG", "SLEEP", "2"]) }
            while client.pendingCallCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            let outcomes = await withTaskGroup(of: String.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        do { return try await client.send(["ECHO", "\(index)"]).string == "\(index)" ? "ok" : "wrong" }
                        catch RedisError.overloaded { return "overloaded" }
                        catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(try await sleeper.value == .simple("OK"))
            #expect(outcomes["ok", default: 0] == 9)
            #expect(outcomes["overloaded", default: 0] == 31)
            #expect(try await client.send(["PING"]) == .simple("PONG"))
        }
    }

    @Test("a cancelled call is answered with CancellationError and the others keep their order")
    func cancellation() async throws {
        try await TestRedisServer.withClient(configure: { $0.connectionCount = 1 }) { client, _ in
            let blocker = Task { try await client.send(["DEBUG", "SLEEP", "0.2"]) }
            try await Task.sleep(for: .milliseconds(30))
            let calls = (0..<100).map { index in
                Task { try await client.send(["ECHO", "echo-\(index)"]).string }
            }
            for index in stride(from: 0, to: 100, by: 2) { calls[index].cancel() }
            _ = try await blocker.value
            for (index, call) in calls.enumerated() {
                if index.isMultiple(of: 2) {
                    await #expect(throws: CancellationError.self) { try await call.value }
                } else {
                    #expect(try await call.value == "echo-\(index)")
                }
            }
            #expect(try await client.send(["ECHO", "after"]).string == "after")
        }
    }

    @Test("a call past its timeout fails with timeout; the late reply does not shift later replies")
    func timeout() async throws {
        try await TestRedisServer.withClient(configure: { $0.connectionCount = 1 }) { client, _ in
            await #expect(throws: RedisError.timeout(milliseconds: 100)) {
                try await client.send(["DEBUG", "SLEEP", "0.4"], timeout: .milliseconds(100))
            }
            let next = try await client.send(["ECHO", "next"])
            #expect(next.string == "next")
        }
    }
}
