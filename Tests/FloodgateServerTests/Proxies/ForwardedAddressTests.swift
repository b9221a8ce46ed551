import FloodgateTesting
import Foundation
import Testing

@Suite("Forwarded addresses over real HTTP: rate limits and the audit trail see what the trusted proxy saw")
struct ForwardedAddressTests {
    /// One registration per source, then one every 100 s: no test lasts long enough to see a refill.
    private static let limited = ["--trust-forwarded-for", "--registrations-per-source", "0.01", "--registration-burst", "1"]

    private static func register(_ client: FloodgateClient, user: String, headers: [String: String]) async throws -> HTTPProbe.Response {
        try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"\#(user)"}"#, headers: headers)
    }

    @Test("30 registrations behind the proxy with forged leftmost X-Forwarded-For hops: only the first passes a limit of one per source")
    func forgedLeftmostHops() async throws {
        try await DaemonFixture.with(arguments: Self.limited) { client, _, _ in
            var statuses: [Int] = []
            for index in 0..<30 {
                let response = try await Self.register(client, user: "u\(index)", headers: ["X-Forwarded-For": "203.0.113.\(index), 198.51.100.7"])
                statuses.append(response.status)
                if response.status == 429 {
                    #expect((response.json?["error"] as? [String: Any])?["code"] as? String == "rate_limited")
                    #expect(response.retryAfter == "100")
                }
            }
            #expect(statuses.first == 201)
            #expect(statuses.dropFirst().allSatisfy { $0 == 429 }, "\(statuses)")
            let counters = try await client.saleStatus("drop-1")["counters"] as? [String: Any]
            #expect(counters?["registered"] as? Int == 1)
        }
    }

    @Test("RFC 7239 Forwarded: quoted IPv6 with a port is the source; X-Forwarded-For is ignored in that mode")
    func forwardedHeader() async throws {
        try await DaemonFixture.with(arguments: Self.limited + ["--forwarded-header", "forwarded"]) { client, _, _ in
            var statuses: [Int] = []
            for index in 0..<10 {
                let headers = ["Forwarded": #"for=203.0.113.\#(index);proto=https, for="[2001:db8:cafe::17]:4711""#,
                               "X-Forwarded-For": "198.51.100.\(index)"]
                statuses.append(try await Self.register(client, user: "f\(index)", headers: headers).status)
            }
            #expect(statuses.first == 201 && statuses.dropFirst().allSatisfy { $0 == 429 }, "\(statuses)")
            let other = try await Self.register(client, user: "other", headers: ["Forwarded": #"for="[2001:db8:cafe::18]""#])
            #expect(other.status == 201, "another client behind the proxy has its own bucket")
        }
    }

    @Test("malformed or obfuscated headers fall back to the proxy's address, never to a forged one")
    func malformedFallsBack() async throws {
        try await DaemonFixture.with(arguments: ["--trust-forwarded-for", "--trusted-proxies", "127.0.0.0/8,192.0.2.0/24"]) { client, _, _ in
            let cases: [(String, String, String)] = [
                ("X-Forwarded-For", "6.6.6.6, 198.51.100.7", "admin@198.51.100.7"),
                ("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 192.0.2.10", "admin@198.51.100.7"),
                ("X-Forwarded-For", "198.51.100.7, not-an-address", "admin@127.0.0.1"),
                ("X-Forwarded-For", "", "admin@127.0.0.1"),
                ("X-Forwarded-For", "::::", "admin@127.0.0.1"),
                ("Forwarded", "for=198.51.100.7", "admin@127.0.0.1"),
            ]
            for (header, value, actor) in cases {
                let response = try await HTTPProbe.request(
                    "POST", client.baseURL + "/admin/sales/drop-1/throttle", body: Data(#"{"admit_per_second":5}"#.utf8),
                    headers: ["Authorization": "Bearer \(DaemonFixture.adminToken)", header: value]
                )
                #expect(response.status == 200)
                let entries = try await client.admin("GET", "/admin/sales/drop-1/audit").json?["entries"] as? [[String: Any]]
                #expect(entries?.first?["actor"] as? String == actor, "\(header): \(value)")
            }
        }
    }

    @Test("without --trust-forwarded-for every header is ignored")
    func untrusted() async throws {
        try await DaemonFixture.with(arguments: ["--registrations-per-source", "0.01", "--registration-burst", "1"]) { client, _, _ in
            let first = try await Self.register(client, user: "a", headers: ["X-Forwarded-For": "198.51.100.1"])
            let second = try await Self.register(client, user: "b", headers: ["X-Forwarded-For": "198.51.100.2"])
            #expect(first.status == 201 && second.status == 429)
        }
    }

    @Test("--trusted-proxies and --forwarded-header refuse malformed values")
    func badFlags() async throws {
        let proxies = try await FloodgateBinary.run(["serve", "--data-dir", makeScratchDirectory(), "--trusted-proxies", "10.0.0.0/33"])
        #expect(proxies.code != 0 && proxies.stderr.contains("--trusted-proxies"))
        let header = try await FloodgateBinary.run(["serve", "--data-dir", makeScratchDirectory(), "--forwarded-header", "x-real-ip"])
        #expect(header.code != 0 && header.stderr.contains("--forwarded-header"))
    }
}
