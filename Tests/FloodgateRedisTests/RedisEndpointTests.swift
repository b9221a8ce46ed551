import FloodgateRedis
import Testing

@Suite("Redis URLs")
struct RedisEndpointTests {
    @Test("valid URLs", arguments: [
        ("redis://localhost", RedisEndpoint(address: .tcp(host: "localhost", port: 6379))),
        ("redis://127.0.0.1:6390/2", RedisEndpoint(address: .tcp(host: "127.0.0.1", port: 6390), database: 2)),
        ("redis://:s3cret@host:1", RedisEndpoint(address: .tcp(host: "host", port: 1), password: "s3cret")),
        ("redis://ops:pw@host/0", RedisEndpoint(address: .tcp(host: "host", port: 6379), username: "ops", password: "pw")),
        ("redis://[::1]:7000", RedisEndpoint(address: .tcp(host: "::1", port: 7000))),
        ("unix:///tmp/r.sock", RedisEndpoint(address: .unixSocket(path: "/tmp/r.sock"))),
        ("unix:///tmp/r.sock?db=4&password=x", RedisEndpoint(address: .unixSocket(path: "/tmp/r.sock"), password: "x", database: 4)),
    ])
    func parses(url: String, expected: RedisEndpoint) throws {
        #expect(try RedisEndpoint(url: url) == expected)
    }

    @Test("malformed URLs are refused with the reason", arguments: [
        ("http://localhost", "scheme"),
        ("redis://", "host is missing"),
        ("redis://host:port", "port"),
        ("redis://host:70000", "port"),
        ("redis://host/db", "database"),
        ("redis://[::1", "']'"),
        ("unix://relative.sock", "absolute path"),
        ("unix:///tmp/r.sock?color=red", "unknown parameter"),
    ])
    func refuses(url: String, reason: String) {
        #expect {
            try RedisEndpoint(url: url)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains(url)
        }
    }
}
