@testable import FloodgateRedis
import FloodgateTesting
import Testing

@Suite("Commands encoded in RESP")
struct RedisCommandEncoderTests {
    @Test("an array of bulk strings: counts and byte lengths in decimal, empty and multi-byte arguments exact")
    func exactBytes() {
        let encoded = RedisCommandEncoder.encode(["SET", "k", "", "héllo"])
        #expect(String(decoding: encoded, as: UTF8.self) == "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n$6\r\nhéllo\r\n")
        let many = RedisCommandEncoder.encode(["RPUSH", "list"] + (1...12).map(String.init))
        #expect(String(decoding: many.prefix(5), as: UTF8.self) == "*14\r\n")
    }

    @Test("a real redis-server takes what it encodes: a 1 MiB value, and a hundred arguments, come back whole")
    func serverTakesIt() async throws {
        try await TestRedisServer.withClient { client, _ in
            let big = String(repeating: "é", count: 512 * 1024)
            let set = try await client.send(["SET", "big", big])
            let got = try await client.send(["GET", "big"])
            #expect(set == .simple("OK") && got == .bulk(Array(big.utf8)))
            let values = (1...100).map { "v\($0)" }
            let pushed = try await client.send(["RPUSH", "list"] + values)
            let listed = try await client.send(["LRANGE", "list", "0", "-1"])
            #expect(pushed == .integer(100) && listed == .array(values.map { .bulk(Array($0.utf8)) }))
        }
    }
}
