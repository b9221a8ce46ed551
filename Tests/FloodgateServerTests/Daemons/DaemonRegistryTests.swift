import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("The daemons' registry: every daemon on one Redis, up by its heartbeat, down when silent")
struct DaemonRegistryTests {
    /// `GET /admin/daemons`' list, by address.
    static func daemons(_ client: FloodgateClient) async throws -> [String: [String: Any]] {
        let reply = try await client.admin("GET", "/admin/daemons")
        #expect(reply.status == 200)
        let list = reply.json?["daemons"] as? [[String: Any]] ?? []
        return Dictionary(list.map { ($0["address"] as? String ?? "", $0) }) { first, _ in first }
    }

    /// Asks for the list until `done` holds of it, for 20 s at most; the last list.
    static func daemons(_ client: FloodgateClient, until done: ([String: [String: Any]]) -> Bool) async throws -> [String: [String: Any]] {
        var list: [String: [String: Any]] = [:]
        for _ in 0..<100 {
            list = try await daemons(client)
            if done(list) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return list
    }

    static func address(_ daemon: TestDaemon) -> String { String(daemon.baseURL.dropFirst("http://".count)) }

    @Test("two daemons are listed up (also in telemetry); after one is killed by PID it is listed down, the other up")
    func twoDaemonsOneKilled() async throws {
        try await TestRedisServer.with { redis in
            let arguments = ["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", DaemonFixture.adminToken, "--secret", DaemonFixture.secret]
            let first = try await TestDaemon.start(arguments)
            let second = try await TestDaemon.start(arguments)
            let client = FloodgateClient(baseURL: first.baseURL, adminToken: DaemonFixture.adminToken)
            let (one, two) = (Self.address(first), Self.address(second))

            var list = try await Self.daemons(client) { $0[one]?["state"] as? String == "up" && $0[two]?["state"] as? String == "up" }
            #expect(list.count == 2)
            #expect(list[one]?["state"] as? String == "up")
            #expect(list[two]?["state"] as? String == "up")
            #expect(list[two]?["version"] as? String == "0.2.0")
            #expect((list[two]?["uptime_seconds"] as? NSNumber).map { $0.doubleValue >= 0 } == true, "\(list)")
            #expect(list[one]?["id"] as? String != list[two]?["id"] as? String)

            try await client.createSale(DaemonFixture.saleJSON())
            let events = try await EventStream.read(client.baseURL + "/admin/sales/drop-1/telemetry", token: DaemonFixture.adminToken, count: 1)
            let listed = (events.last?["daemons"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? String }
            #expect(Set(listed) == [one, two])

            await second.kill()
            list = try await Self.daemons(client) { $0[two]?["state"] as? String == "down" }
            #expect(list[two]?["state"] as? String == "down")
            let uptime = (list[two]?["uptime_seconds"] as? NSNumber)?.doubleValue
            try await Task.sleep(for: .seconds(1))
            #expect((try await Self.daemons(client)[two]?["uptime_seconds"] as? NSNumber)?.doubleValue == uptime, "a daemon that is down stops counting")
            #expect(list[one]?["state"] as? String == "up")
            #expect(await first.stop() == 0)
        }
    }
}
