import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@Suite("Archive: a closed sale's ledger, orders, audit and payments go to JSON Lines files and its keys go away")
struct ArchiveTests {
    private static func keys(_ redis: RedisServerProcess, sale: String = "drop-1") async throws -> [String] {
        let inspector = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
        try await inspector.connect()
        defer { inspector.shutdown() }
        return try await inspector.send(["KEYS", "fg:{\(sale)}:*"]).array?.compactMap(\.string).sorted() ?? []
    }

    private static func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// One order and one cancelled reservation, then the sale closed.
    private static func closedSaleWithTraffic(_ client: FloodgateClient) async throws {
        let buyer = try await client.token(sale: "drop-1", user: "buyer")
        let quitter = try await client.token(sale: "drop-1", user: "quitter")
        try await client.waitUntilAdmitted(quitter)
        let bought = try await client.reserve(buyer, sku: "A")
        #expect(try await client.commit(buyer, reservation: bought, key: "k1").status == 200)
        let dropped = try await client.reserve(quitter, sku: "A")
        #expect(try await client.call("POST", "/checkout/cancel", json: #"{"reservation_id":"\#(dropped)"}"#, token: quitter).status == 200)
        #expect(try await client.admin("POST", "/admin/sales/drop-1/close").status == 200)
    }

    @Test("archive of a closed sale writes the four files with the right line counts and leaves no key")
    func archiveClosedSale() async throws {
        try await DaemonFixture.with(arguments: ["--archive-grace", "0"]) { client, daemon, redis in
            try await Self.closedSaleWithTraffic(client)
            let response = try await client.admin("POST", "/admin/sales/drop-1/archive")
            #expect(response.status == 200, "\(response.text)")
            let directory = daemon.dataDirectory + "/archive/drop-1"
            #expect(response.json?["directory"] as? String == URL(fileURLWithPath: directory).standardizedFileURL.path)
            let ledger = try Self.lines(directory + "/ledger.jsonl")
            #expect(ledger.compactMap { $0["op"] as? String } == ["stock", "reserve", "commit", "reserve", "cancelled"])
            let orders = try Self.lines(directory + "/orders.jsonl")
            #expect(orders.count == 1 && orders.first?["user"] as? String == "buyer" && orders.first?["qty"] as? String == "1")
            let payments = try Self.lines(directory + "/payments.jsonl")
            #expect(payments.count == 1 && (payments.first?["outcome"] as? String)?.hasPrefix("charged:") == true)
            let audit = try Self.lines(directory + "/audit.jsonl")
            #expect(audit.compactMap { $0["action"] as? String } == ["create", "close", "archive"])
            #expect((response.json?["files"] as? [String: Int]) == ["ledger.jsonl": 5, "orders.jsonl": 1, "payments.jsonl": 1, "audit.jsonl": 3])

            #expect(try await Self.keys(redis).isEmpty)
            try await Task.sleep(for: .seconds(1))
            #expect(try await Self.keys(redis).isEmpty, "no background loop writes the sale back")
            #expect(try await client.admin("GET", "/admin/sales/drop-1").status == 404)
            let list = try await client.admin("GET", "/admin/sales").json?["sales"] as? [[String: Any]]
            #expect(list?.isEmpty == true)
        }
    }

    @Test("archive of a running sale is 409 sale_not_closed and changes nothing but the audit's refusal")
    func archiveRunningSale() async throws {
        try await DaemonFixture.with { client, daemon, redis in
            let token = try await client.token(sale: "drop-1", user: "shopper")
            try await client.waitUntilAdmitted(token)
            _ = try await client.reserve(token, sku: "A")
            let before = try await DaemonFixture.footprint(client)
            let keysBefore = try await Self.keys(redis)
            let response = try await client.admin("POST", "/admin/sales/drop-1/archive")
            #expect(response.status == 409)
            #expect((response.json?["error"] as? [String: Any])?["code"] as? String == "sale_not_closed")
            #expect(try await DaemonFixture.footprint(client) == before)
            #expect(try await Self.keys(redis) == keysBefore)
            #expect(!FileManager.default.fileExists(atPath: daemon.dataDirectory + "/archive/drop-1"))
            let entries = try await client.admin("GET", "/admin/sales/drop-1/audit").json?["entries"] as? [[String: Any]]
            #expect(entries?.first?["action"] as? String == "archive" && entries?.first?["result"] as? String == "sale_not_closed")
        }
    }

    @Test("a closed sale with a live reservation is 409 reservations_live until it ends; then it archives")
    func archiveWithLiveReservation() async throws {
        try await DaemonFixture.with(arguments: ["--archive-grace", "0"]) { client, daemon, redis in
            let token = try await client.token(sale: "drop-1", user: "late")
            try await client.waitUntilAdmitted(token)
            let reservation = try await client.reserve(token, sku: "A")
            #expect(try await client.admin("POST", "/admin/sales/drop-1/close").status == 200)
            let keysBefore = try await Self.keys(redis)
            let refused = try await client.admin("POST", "/admin/sales/drop-1/archive")
            #expect(refused.status == 409)
            #expect((refused.json?["error"] as? [String: Any])?["code"] as? String == "reservations_live")
            #expect(try await Self.keys(redis) == keysBefore)
            #expect(!FileManager.default.fileExists(atPath: daemon.dataDirectory + "/archive/drop-1"))
            let cancel = try await client.call("POST", "/checkout/cancel", json: #"{"reservation_id":"\#(reservation)"}"#, token: token)
            #expect(cancel.status == 200)
            let archived = try await client.admin("POST", "/admin/sales/drop-1/archive")
            #expect(archived.status == 200)
            #expect((archived.json?["files"] as? [String: Int])?["ledger.jsonl"] == 3)
            #expect(try await Self.keys(redis).isEmpty)
        }
    }

    @Test("archive of an unknown sale is 404 unknown_sale and creates no key")
    func archiveUnknownSale() async throws {
        try await DaemonFixture.with(sale: nil) { client, _, redis in
            let response = try await client.admin("POST", "/admin/sales/nope/archive")
            #expect(response.status == 404)
            #expect((response.json?["error"] as? [String: Any])?["code"] as? String == "unknown_sale")
            #expect(try await Self.keys(redis, sale: "nope").isEmpty)
        }
    }

    @Test("a closed sale is archived automatically after --archive-after, and archiving again answers where it went")
    func retention() async throws {
        try await DaemonFixture.with(arguments: ["--archive-after", "0", "--archive-grace", "60"]) { client, daemon, redis in
            try await Self.closedSaleWithTraffic(client)
            let file = daemon.dataDirectory + "/archive/drop-1/audit.jsonl"
            for _ in 0..<100 where !FileManager.default.fileExists(atPath: file) {
                try await Task.sleep(for: .milliseconds(100))
            }
            let audit = try Self.lines(file)
            #expect(audit.last?["actor"] as? String == "retention")
            // The files are written before the keys are given their grace: wait for that step,
            // after which the sale answers 404.
            for _ in 0..<100 where try await client.admin("GET", "/admin/sales/drop-1").status != 404 {
                try await Task.sleep(for: .milliseconds(100))
            }
            let keys = try await Self.keys(redis)
            #expect(!keys.isEmpty, "the keys live on for the grace period")
            let inspector = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await inspector.connect()
            defer { inspector.shutdown() }
            for key in keys {
                let ttl = try await inspector.send(["TTL", key]).int ?? -1
                #expect((1...60).contains(ttl), "\(key) expires within the grace")
            }
            let again = try await client.admin("POST", "/admin/sales/drop-1/archive")
            #expect(again.status == 200 && again.json?["already_archived"] as? Bool == true)
        }
    }

    @Test("calls and background loops during the archive grace write no key that outlives it")
    func graceActivity() async throws {
        try await DaemonFixture.with(arguments: ["--archive-grace", "60"]) { client, _, redis in
            let buyer = try await client.token(sale: "drop-1", user: "buyer")
            try await client.waitUntilAdmitted(buyer)
            let bought = try await client.reserve(buyer, sku: "A")
            #expect(try await client.commit(buyer, reservation: bought, key: "k1").status == 200)
            #expect(try await client.admin("POST", "/admin/sales/drop-1/close").status == 200)
            #expect(try await client.admin("POST", "/admin/sales/drop-1/archive").status == 200)
            // Shoppers keep polling and knocking, operators keep clicking, the loops keep running.
            for _ in 0..<3 {
                _ = try await client.call("GET", "/queue/status", token: buyer)
                _ = try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: buyer)
                _ = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"late"}"#)
                _ = try await client.admin("POST", "/admin/sales/drop-1/bots/block", json: #"{"source":"203.0.113.0/24"}"#)
                #expect(try await client.admin("POST", "/admin/sales/drop-1/pause").status == 404, "an archived sale is gone")
                #expect(try await client.admin("GET", "/admin/sales/drop-1").status == 404)
                _ = try await client.admin("POST", "/admin/sales/drop-1/archive")
                try await Task.sleep(for: .milliseconds(700))
            }
            let inspector = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await inspector.connect()
            defer { inspector.shutdown() }
            let keys = try await Self.keys(redis)
            #expect(!keys.isEmpty, "the keys live on for the grace period")
            for key in keys {
                let ttl = try await inspector.send(["TTL", key]).int ?? -1
                #expect((1...60).contains(ttl), "\(key) expires within the grace (TTL \(ttl))")
            }
        }
    }
}
