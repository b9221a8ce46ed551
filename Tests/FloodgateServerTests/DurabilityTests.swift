import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Durability and scale-out: kill -9, Redis restarts, two daemons")
struct DurabilityTests {
    @Test("two daemons on one Redis serve one sale: 400 shoppers, 100 units, exactly 100 sold")
    func twoDaemons() async throws {
        try await TestRedisServer.with { redis in
            let arguments = ["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", DaemonFixture.adminToken, "--registrations-per-source", "0"]
            let first = try await TestDaemon.start(arguments)
            let second = try await TestDaemon.start(arguments)
            let clients = [first, second].map { FloodgateClient(baseURL: $0.baseURL, adminToken: DaemonFixture.adminToken) }
            try await clients[0].createSale(DaemonFixture.saleJSON(stock: 100))
            let orders = try await Self.buy(shoppers: 400, through: clients)
            #expect(orders.count == 100)
            #expect(try await DaemonFixture.footprint(clients[1]).hasPrefix("A:0/0/100"))
            await first.stop()
            await second.stop()
        }
    }

    @Test("a daemon killed with SIGKILL mid-load and restarted: every acknowledged commit is in the ledger, stock conserved")
    func daemonKill() async throws {
        try await TestRedisServer.with(appendOnly: true) { redis in
            let arguments = ["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", DaemonFixture.adminToken, "--registrations-per-source", "0"]
            let daemon = try await TestDaemon.start(arguments)
            let client = FloodgateClient(baseURL: daemon.baseURL, adminToken: DaemonFixture.adminToken)
            try await client.createSale(DaemonFixture.saleJSON(stock: 300))
            async let load = Self.buy(shoppers: 200, through: [client], tolerateFailures: true)
            try await Task.sleep(for: .milliseconds(400))
            await daemon.kill()
            let acknowledged = try await load
            let restarted = try await TestDaemon.start(arguments, dataDirectory: daemon.dataDirectory)
            let after = FloodgateClient(baseURL: restarted.baseURL, adminToken: DaemonFixture.adminToken)
            let more = try await Self.buy(shoppers: 20, through: [after], prefix: "late")
            try await Self.expectInLedger(acknowledged + more, redis: redis)
            let status = try await after.saleStatus("drop-1")
            let sku = try #require((status["skus"] as? [[String: Any]])?.first)
            let (available, reserved, sold) = (sku["available"] as? Int ?? -1, sku["reserved"] as? Int ?? -1, sku["sold"] as? Int ?? -1)
            #expect(available + reserved + sold == 300 && available >= 0)
            #expect(sold >= acknowledged.count + more.count)
            await restarted.stop()
        }
    }

    @Test("Redis restarted (SIGKILL, AOF always): every acknowledged commit survives and the daemon carries on")
    func redisRestart() async throws {
        try await TestRedisServer.with(appendOnly: true) { redis in
            let daemon = try await TestDaemon.start(["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", DaemonFixture.adminToken])
            let client = FloodgateClient(baseURL: daemon.baseURL, adminToken: DaemonFixture.adminToken)
            try await client.createSale(DaemonFixture.saleJSON(stock: 100))
            let before = try await Self.buy(shoppers: 30, through: [client])
            await redis.kill()
            let restarted = try await redis.restarted()
            var ready = 0
            for _ in 0..<100 where ready != 200 {
                ready = try await HTTPProbe.request("GET", daemon.baseURL + "/ready").status
                if ready != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(ready == 200)
            let after = try await Self.buy(shoppers: 10, through: [client], prefix: "after")
            try await Self.expectInLedger(before + after, redis: restarted)
            #expect(before.count == 30 && after.count == 10)
            await daemon.stop()
            await restarted.stop()
        }
    }

    /// Registers `shoppers` users spread over `clients`, and has each buy one unit.
    /// - Returns: the order ids the API acknowledged.
    static func buy(shoppers: Int, through clients: [FloodgateClient], prefix: String = "u", tolerateFailures: Bool = false) async throws -> [String] {
        try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<shoppers {
                let client = clients[index % clients.count]
                group.addTask {
                    do {
                        let token = try await client.token(sale: "drop-1", user: "\(prefix)\(index)")
                        try await client.waitUntilAdmitted(token, seconds: 20)
                        let reservation = try await client.reserve(token, sku: "A")
                        let commit = try await client.commit(token, reservation: reservation, key: "k-\(prefix)\(index)")
                        return commit.status == 200 ? commit.json?["order_id"] as? String : nil
                    } catch {
                        if tolerateFailures { return nil }
                        if "\(error)".contains("sold_out") { return nil }
                        throw error
                    }
                }
            }
            return try await group.reduce(into: [String]()) { if let order = $1 { $0.append(order) } }
        }
    }

    /// Checks that every order is recorded as a commit in the sale's ledger.
    static func expectInLedger(_ orders: [String], redis server: RedisServerProcess) async throws {
        let client = RedisClient(configuration: RedisClientConfiguration(endpoint: server.endpoint))
        try await client.connect()
        let entries = try await client.send(["XRANGE", "fg:{drop-1}:ledger", "-", "+"]).array ?? []
        client.shutdown()
        var committed = Set<String>()
        for entry in entries {
            let fields = entry.array?.last?.array?.compactMap(\.string) ?? []
            if let index = fields.firstIndex(of: "order"), index + 1 < fields.count { committed.insert(fields[index + 1]) }
        }
        let missing = orders.filter { !committed.contains($0) }
        #expect(missing.isEmpty, "acknowledged but not in the ledger: \(missing)")
    }
}
