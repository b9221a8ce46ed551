import FloodgateRedis
import FloodgateTesting
import Foundation

/// Real shoppers and polling for the guard tests: register, wait for admission, reserve, commit.
enum GuardTraffic {
    /// Registers `count` shoppers named `prefix-n`, waits for their admission and reserves one `A`
    /// each; returns their tokens and reservations. `clients` take turns (several daemons).
    static func reservations(_ clients: [FloodgateClient], prefix: String, count: Int, sale: String = "drop-1") async throws -> [(String, String)] {
        var held: [(String, String)] = []
        for index in 0..<count {
            let client = clients[index % clients.count]
            let token = try await client.token(sale: sale, user: "\(prefix)-\(index)")
            try await client.waitUntilAdmitted(token, seconds: 30)
            held.append((token, try await client.reserve(token, sku: "A")))
        }
        return held
    }

    /// Commits each reservation once, the clients taking turns; returns the statuses.
    @discardableResult
    static func commit(_ clients: [FloodgateClient], _ held: [(String, String)]) async throws -> [Int] {
        var statuses: [Int] = []
        for (index, (token, reservation)) in held.enumerated() {
            statuses.append(try await clients[index % clients.count].commit(token, reservation: reservation, key: "k-\(reservation)").status)
        }
        return statuses
    }

    /// The sale's audit entries, newest first.
    static func audit(_ client: FloodgateClient, sale: String = "drop-1") async throws -> [[String: Any]] {
        try await client.admin("GET", "/admin/sales/\(sale)/audit").json?["entries"] as? [[String: Any]] ?? []
    }

    /// The audit entries of `actor` with `action`.
    static func entries(_ client: FloodgateClient, actor: String, action: String) async throws -> [[String: Any]] {
        try await audit(client).filter { $0["actor"] as? String == actor && $0["action"] as? String == action }
    }

    /// The sale's alerts, newest first.
    static func alerts(_ client: FloodgateClient, sale: String = "drop-1") async throws -> [[String: Any]] {
        try await client.admin("GET", "/admin/sales/\(sale)/alerts").json?["alerts"] as? [[String: Any]] ?? []
    }

    /// The sale's admission rate.
    static func rate(_ client: FloodgateClient, sale: String = "drop-1") async throws -> Double {
        try await client.saleStatus(sale)["admit_per_second"] as? Double ?? -1
    }

    /// Runs `body` with a client of a second daemon on the same Redis, stopping it afterwards.
    static func withSecondDaemon(_ redis: RedisServerProcess, _ body: (FloodgateClient) async throws -> Void) async throws {
        let daemon = try await TestDaemon.start(["--redis", "redis://127.0.0.1:\(redis.port)", "--admin-token", DaemonFixture.adminToken,
                                                 "--secret", DaemonFixture.secret])
        do {
            try await body(FloodgateClient(baseURL: daemon.baseURL, adminToken: DaemonFixture.adminToken))
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    /// Polls `condition` every 200 ms until it holds, for at most `seconds`; returns whether it did.
    static func eventually(seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}
