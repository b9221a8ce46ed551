import FloodgateRedis
import FloodgateTesting
import Testing

@Suite("Replies from a real redis-server")
struct RedisReplyTests {
    @Test("every RESP2 reply type decodes into its case")
    func everyReplyType() async throws {
        try await TestRedisServer.withClient { client, _ in
            #expect(try await client.send(["SET", "greeting", "héllo wörld"]) == .simple("OK"))
            #expect(try await client.send(["GET", "greeting"]) == .bulk(Array("héllo wörld".utf8)))
            #expect(try await client.send(["GET", "missing"]) == .null)
            #expect(try await client.send(["INCRBY", "counter", "-7"]) == .integer(-7))
            #expect(try await client.send(["SET", "empty", ""]) == .simple("OK"))
            #expect(try await client.send(["GET", "empty"]) == .bulk([]))
            let error = try await client.send(["NOSUCHCOMMAND"])
            #expect(error.errorMessage?.hasPrefix("ERR unknown command") == true)
            _ = try await client.send(["RPUSH", "list", "a", "b"])
            #expect(try await client.send(["LRANGE", "list", "0", "-1"]) == .array([.bulk([97]), .bulk([98])]))
            let nested = try await client.send(["EVAL", "return {1, {'x', {}}, false}", "0"])
            #expect(nested == .array([.integer(1), .array([.bulk([120]), .array([])]), .null]))
        }
    }

    @Test("a unix socket URL reaches the server")
    func unixSocket() async throws {
        let directory = makeScratchDirectory("redis-unix")
        let options = RedisServerOptions(directory: directory, listener: .unixSocket(path: directory + "/r.sock"))
        let server = try await RedisServerProcess.start(options)
        let endpoint = try RedisEndpoint(url: "unix://\(directory)/r.sock?db=3")
        let client = RedisClient(configuration: RedisClientConfiguration(endpoint: endpoint))
        try await client.connect()
        _ = try await client.send(["SET", "k", "in-db-3"])
        #expect(try await client.send(["CLIENT", "INFO"]).string?.contains("db=3") == true)
        client.shutdown()
        await server.stop()
    }
}
