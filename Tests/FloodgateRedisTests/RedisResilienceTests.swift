import FloodgateRedis
import FloodgateTesting
import Testing

@Suite("Scripts, restarts and authentication")
struct RedisResilienceTests {
    static let counter = RedisScript(name: "counter", source: """
        -- KEYS[1]: a counter; ARGV[1]: the step. Returns the new value.
        return redis.call('INCRBY', KEYS[1], ARGV[1])
        """)

    @Test("EVALSHA reloads a script the server has lost after SCRIPT FLUSH")
    func scriptReload() async throws {
        try await TestRedisServer.withClient { client, _ in
            try await client.load([Self.counter])
            #expect(try await client.areLoaded([Self.counter]))
            #expect(try await client.evalsha(Self.counter, keys: ["c"], arguments: ["2"]) == .integer(2))
            #expect(try await client.send(["SCRIPT", "FLUSH"]) == .simple("OK"))
            #expect(try await !client.areLoaded([Self.counter]))
            #expect(try await client.evalsha(Self.counter, keys: ["c"], arguments: ["3"]) == .integer(5))
            #expect(try await client.areLoaded([Self.counter]))
        }
    }

    @Test("with replicaWait, a script that awaits replicas fails with notReplicated when none confirms; its write stands")
    func replicaWaitWithoutReplicas() async throws {
        try await TestRedisServer.withClient(configure: { $0.replicaWait = ReplicaWait(replicas: 1, timeout: .milliseconds(20)) }) { client, _ in
            let durable = RedisScript(name: "durable", source: Self.counter.source + "\n", awaitsReplicas: true)
            let refused = await #expect(throws: RedisError.self) {
                try await client.evalsha(durable, keys: ["d"], arguments: ["1"])
            }
            #expect(refused == .notReplicated(acknowledged: 0, wanted: 1))
            let stored = try await client.send(["GET", "d"])
            #expect(stored == .bulk(Array("1".utf8)))
            let plain = try await client.evalsha(Self.counter, keys: ["d"], arguments: ["1"])
            #expect(plain == .integer(2))
        }
    }

    @Test("during a server restart calls fail with a connection error, and work again after it")
    func serverRestart() async throws {
        try await TestRedisServer.withClient { client, server in
            #expect(try await client.send(["SET", "k", "v"]) == .simple("OK"))
            let inFlight = Task { try await client.send(["DEBUG", "SLEEP", "2"]) }
            try await Task.sleep(for: .milliseconds(100))
            await server.kill()
            await #expect {
                _ = try await inFlight.value
            } throws: { error in
                if case RedisError.connectionLost = error { return true }
                return false
            }
            await #expect {
                _ = try await client.send(["GET", "k"])
            } throws: { error in
                switch error as? RedisError {
                case .notConnected, .connectionLost: true
                default: false
                }
            }
            let restarted = try await server.restarted()
            var answered = false
            for _ in 0..<100 where !answered {
                answered = (try? await client.send(["PING"])) == .simple("PONG")
                if !answered { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(answered)
            await restarted.stop()
        }
    }

    @Test("a wrong password is refused with a clear error")
    func wrongPassword() async throws {
        try await TestRedisServer.with(password: "right") { server in try await Self.checkPasswords(server) }
    }

    private static func checkPasswords(_ server: RedisServerProcess) async throws {
        for password: String? in ["wrong", nil] {
            var endpoint = server.endpoint
            endpoint.password = password
            let client = RedisClient(configuration: RedisClientConfiguration(endpoint: endpoint))
            await #expect {
                try await client.connect()
            } throws: { error in
                guard case RedisError.handshakeFailed(let why) = error else { return false }
                return why.contains("WRONGPASS") || why.contains("NOAUTH")
            }
            client.shutdown()
        }
        var endpoint = server.endpoint
        endpoint.password = "right"
        let client = RedisClient(configuration: RedisClientConfiguration(endpoint: endpoint))
        try await client.connect()
        #expect(await client.ping())
        client.shutdown()
    }

    @Test("an unreachable server is reported as not connected")
    func unreachable() async throws {
        let endpoint = RedisEndpoint(address: .tcp(host: "127.0.0.1", port: FreePort.next()))
        let client = RedisClient(configuration: RedisClientConfiguration(endpoint: endpoint))
        await #expect {
            try await client.connect()
        } throws: { error in
            if case RedisError.notConnected(let why) = error { return why.contains("cannot connect") }
            return false
        }
    }
}
