import FloodgateRedis
import Testing

@Suite("Cluster hash slots and URLs")
struct HashSlotTests {
    @Test("slots match Redis' CLUSTER KEYSLOT", arguments: [
        ("foo", 12182), ("123456789", 12739), ("{user1000}.following", 3443), ("{user1000}.followers", 3443),
        ("foo{}{bar}", 8363), ("foo{{bar}}zap", 4015), ("foo{bar}{zap}", 5061), ("fg:{drop-42}:inv", 6535),
    ])
    func slots(key: String, slot: Int) {
        #expect(HashSlot.of(key) == slot)
    }

    @Test("a cluster URL lists seeds that share the credentials")
    func clusterURL() throws {
        let configuration = try RedisClientConfiguration(url: "redis+cluster://ops:pw@10.0.0.1:7000,[::1]:7001,host")
        #expect(configuration.clusterSeeds == [
            RedisEndpoint(address: .tcp(host: "10.0.0.1", port: 7000), username: "ops", password: "pw"),
            RedisEndpoint(address: .tcp(host: "::1", port: 7001), username: "ops", password: "pw"),
            RedisEndpoint(address: .tcp(host: "host", port: 6379), username: "ops", password: "pw"),
        ])
        #expect(configuration.displayName == "redis+cluster://10.0.0.1:7000,[::1]:7001,host:6379")
        #expect(try RedisClientConfiguration(url: "redis://h:1").clusterSeeds.isEmpty)
    }

    @Test("malformed cluster URLs are refused with the reason", arguments: [
        ("redis+cluster://", "seed"),
        ("redis+cluster://a:1,,b:2", "seed"),
        ("redis+cluster://a:1/2", "one database"),
        ("redis+cluster://a:port", "port"),
        ("redis+cluster+unix:///tmp/s", "scheme"),
    ])
    func refuses(url: String, reason: String) {
        #expect {
            try RedisClientConfiguration(url: url)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains(url)
        }
    }
}
