import FloodgateRedis
import FloodgateTesting
import Synchronization
import Testing

@Suite("The client on a real Redis Cluster", .serialized)
struct RedisClusterClientTests {
    static let counter = RedisScript(name: "counter", source: """
        -- KEYS[1]: a counter; KEYS[2]: a log of the steps. ARGV[1]: the step. Returns the new value.
        redis.call('RPUSH', KEYS[2], ARGV[1])
        return redis.call('INCRBY', KEYS[1], ARGV[1])
        """)

    /// Tags whose slots cover the three primaries of a fresh cluster (0-5460, 5461-10922, 10923-16383).
    static let tags = ["a", "b", "c", "d", "e", "f", "g", "h"]

    static func withClient<T: Sendable>(
        _ cluster: TestRedisCluster,
        _ body: (RedisClient) async throws -> T
    ) async throws -> T {
        let client = RedisClient(configuration: try RedisClientConfiguration(url: cluster.url))
        try await client.connect()
        let runner = Task { try await client.run() }
        defer {
            client.shutdown()
            runner.cancel()
        }
        return try await body(client)
    }

    @Test("commands and scripts reach the primary of their slot on every shard; cross-slot calls are refused")
    func routing() async throws {
        try await TestRedisCluster.with { cluster in
            try await Self.withClient(cluster) { client in
                try await client.load([Self.counter])
                var owners: Set<Int> = []
                for tag in Self.tags {
                    #expect(try await client.send(["SET", "k:{\(tag)}", tag]) == .simple("OK"))
                    #expect(try await client.send(["GET", "k:{\(tag)}"]) == .bulk(Array(tag.utf8)))
                    let reply = try await client.evalsha(Self.counter, keys: ["n:{\(tag)}", "log:{\(tag)}"], arguments: ["2"])
                    #expect(reply == .integer(2))
                    owners.insert(try await cluster.primary(ofSlot: HashSlot.of(tag)).port)
                }
                #expect(owners.count == 3)
                await #expect(throws: RedisError.self) {
                    try await client.evalsha(Self.counter, keys: ["n:{a}", "log:{b}"], arguments: ["1"])
                }
                #expect(try await client.send(["GET", "n:{a}"]) == .bulk(Array("2".utf8)))
                let status = try #require(await client.clusterStatus())
                #expect(status.primaries.count == 3 && status.isHealthy)
            }
        }
    }

    @Test("a cluster that requires a password: the URL's password reaches every node; a wrong one is refused")
    func authentication() async throws {
        try await TestRedisCluster.with(password: "s3cret") { cluster in
            try await Self.withClient(cluster) { client in
                for tag in Self.tags {
                    let reply = try await client.send(["SET", "k:{\(tag)}", tag])
                    #expect(reply == .simple("OK"))
                }
            }
            let wrongURL = "redis+cluster://:wrong@127.0.0.1:\(cluster.nodes[0].port)"
            let wrong = RedisClient(configuration: try RedisClientConfiguration(url: wrongURL))
            defer { wrong.shutdown() }
            await #expect(throws: RedisError.self) { try await wrong.connect() }
        }
    }

    @Test("EVALSHA loads the script on a primary that lost it")
    func noScriptPerNode() async throws {
        try await TestRedisCluster.with { cluster in
            try await Self.withClient(cluster) { client in
                try await client.load([Self.counter])
                let owner = try await cluster.primary(ofSlot: HashSlot.of("c"))
                _ = try await cluster.cli(owner, ["SCRIPT", "FLUSH"])
                #expect(try await !client.areLoaded([Self.counter]))
                #expect(try await client.evalsha(Self.counter, keys: ["n:{c}", "log:{c}"], arguments: ["5"]) == .integer(5))
                #expect(try await client.areLoaded([Self.counter]))
            }
        }
    }

    @Test("a slot migrated while calls run: MOVED and ASK are followed, nothing lost or doubled")
    func liveMigration() async throws {
        try await TestRedisCluster.with { cluster in
            try await Self.withClient(cluster) { client in
                try await client.load([Self.counter])
                let slot = HashSlot.of("m")
                let keys = ["n:{m}", "log:{m}"]
                _ = try await client.evalsha(Self.counter, keys: keys, arguments: ["1"])
                let source = try await cluster.primary(ofSlot: slot)
                let target = try await cluster.primaries().first { $0.port != source.port }!
                let migrated = Mutex(false)
                let calls = Task {
                    var (answered, afterMigration) = (1, 0)
                    // Calls run back to back from before IMPORTING until 50 calls after SETSLOT NODE.
                    while afterMigration < 50 {
                        if migrated.withLock({ $0 }) { afterMigration += 1 }
                        let reply = try await client.evalsha(Self.counter, keys: keys, arguments: ["1"])
                        #expect(reply == .integer(Int64(answered + 1)))
                        answered += 1
                    }
                    return answered
                }
                try await Task.sleep(for: .milliseconds(50))
                try await cluster.migrate(slot: slot, from: source, to: target)
                migrated.withLock { $0 = true }
                let answered = try await calls.value
                #expect(try await cluster.primary(ofSlot: slot).port == target.port)
                #expect(try await client.send(["GET", "n:{m}"]).int == Int64(answered))
                #expect(try await client.send(["LLEN", "log:{m}"]).int == Int64(answered))
                let detours = try #require(await client.clusterStatus()).detours
                #expect(detours.moved > 0 && detours.asked + detours.retried > 0, "\(detours)")
            }
        }
    }

    @Test("a primary killed by PID: its replica takes over and calls continue, scripts included")
    func failover() async throws {
        try await TestRedisCluster.with { cluster in
            try await Self.withClient(cluster) { client in
                try await client.load([Self.counter])
                let keys = ["n:{f}", "log:{f}"]
                #expect(try await client.evalsha(Self.counter, keys: keys, arguments: ["1"]) == .integer(1))
                let victim = try await cluster.primary(ofSlot: HashSlot.of("f"))
                let replica = try await cluster.replica(of: victim)
                try await cluster.waitUntilReplicated(victim, to: replica)
                await victim.kill()
                _ = try await cluster.cli(replica, ["CLUSTER", "FAILOVER", "FORCE"])
                var reply: RedisReply?
                for _ in 0..<20 where reply == nil {
                    reply = try? await client.evalsha(Self.counter, keys: keys, arguments: ["1"])
                }
                #expect(reply == .integer(2))
                #expect(try await cluster.primary(ofSlot: HashSlot.of("f")).port == replica.port)
            }
        }
    }
}
