import FloodgateRedis
import FloodgateTesting
import Foundation
import Synchronization
import Testing

@Suite("The daemon on a real Redis Cluster", .serialized)
struct ClusterDaemonTests {
    /// One sale id per primary of a fresh cluster (slots 0-5460, 5461-10922, 10923-16383).
    static let saleIDs: [String] = {
        var picked: [Int: String] = [:]
        var index = 0
        while picked.count < 3 {
            let id = "drop-\(index)"
            let shard = min(HashSlot.of(id) / 5461, 2)
            if picked[shard] == nil { picked[shard] = id }
            index += 1
        }
        return picked.sorted { $0.key < $1.key }.map(\.value)
    }()

    static func withDaemon<T: Sendable>(
        arguments: [String] = [],
        _ body: (FloodgateClient, TestRedisCluster) async throws -> T
    ) async throws -> T {
        try await TestRedisCluster.with { cluster in
            let daemon = try await TestDaemon.start(["--redis", cluster.url, "--admin-token", DaemonFixture.adminToken, "--secret", DaemonFixture.secret] + arguments)
            let client = FloodgateClient(baseURL: daemon.baseURL, adminToken: DaemonFixture.adminToken)
            do {
                for id in saleIDs { try await client.createSale(DaemonFixture.saleJSON(id, stock: 10)) }
                let result = try await body(client, cluster)
                await daemon.stop()
                return result
            } catch {
                Issue.record("daemon log: \(daemon.log.suffix(3000))")
                await daemon.stop()
                throw error
            }
        }
    }

    /// Registers a new shopper, waits for admission, reserves one unit of A.
    static func admittedReservation(_ client: FloodgateClient, sale: String, user: String) async throws -> (token: String, reservation: String) {
        let token = try await client.token(sale: sale, user: user)
        try await client.waitUntilAdmitted(token)
        return (token, try await client.reserve(token, sku: "A"))
    }

    @Test("sales on all three primaries: register, reserve, commit and cancel in each; /ready shows the cluster")
    func routing() async throws {
        try await Self.withDaemon { client, cluster in
            var owners: Set<Int> = []
            for sale in Self.saleIDs {
                owners.insert(try await cluster.primary(ofSlot: HashSlot.of(sale)).port)
                #expect(try await cluster.cli(cluster.primary(ofSlot: HashSlot.of(sale)), ["EXISTS", "fg:{\(sale)}:ctl"]).hasPrefix("1"))
                let bought = try await Self.admittedReservation(client, sale: sale, user: "alice")
                let commit = try await client.settledCommit(bought.token, reservation: bought.reservation, key: "k-\(sale)")
                #expect(commit.status == 200)
                #expect(try await client.settledCommit(bought.token, reservation: bought.reservation, key: "k-\(sale)").body == commit.body)
                let dropped = try await Self.admittedReservation(client, sale: sale, user: "bob")
                let cancel = try await client.call("POST", "/checkout/cancel", json: #"{"reservation_id":"\#(dropped.reservation)"}"#, token: dropped.token)
                #expect(cancel.status == 200)
                #expect(try await DaemonFixture.footprint(client, sale: sale).hasPrefix("A:9/0/1"))
            }
            #expect(owners.count == 3)
            let listed = try await client.admin("GET", "/admin/sales")
            #expect(Self.saleIDs.allSatisfy { listed.text.contains($0) })
            let ready = try await client.call("GET", "/ready")
            #expect(ready.status == 200)
            let report = try #require(ready.json?["redis_cluster"] as? [String: Any])
            #expect(report["all_slots_covered"] as? Bool == true)
            let primaries = try #require(report["primaries"] as? [[String: Any]])
            #expect(primaries.count == 3 && primaries.allSatisfy { $0["up"] as? Bool == true })
            let events = try await EventStream.read(client.baseURL + "/admin/sales/\(Self.saleIDs[0])/telemetry", token: DaemonFixture.adminToken, count: 1)
            let nodes = try #require((events.first?["redis"] as? [String: Any])?["nodes"] as? [[String: Any]])
            #expect(Set(nodes.compactMap { $0["address"] as? String }) == Set(primaries.compactMap { $0["address"] as? String }))
            #expect(nodes.allSatisfy { $0["up"] as? Bool == true })
            let metrics = try await client.call("GET", "/metrics").text
            for primary in primaries {
                #expect(metrics.contains(#"floodgate_redis_node_call_duration_seconds_count{node="\#(primary["address"] as? String ?? "")"}"#))
            }
        }
    }

    @Test("a primary killed mid-sale: its replica takes over and the sale continues without oversell")
    func failover() async throws {
        try await Self.withDaemon { client, cluster in
            let sale = Self.saleIDs[1]
            let first = try await Self.admittedReservation(client, sale: sale, user: "u0")
            #expect(try await client.settledCommit(first.token, reservation: first.reservation, key: "k0").status == 200)
            let victim = try await cluster.primary(ofSlot: HashSlot.of(sale))
            let replica = try await cluster.replica(of: victim)
            try await cluster.waitUntilReplicated(victim, to: replica)
            await victim.kill()
            _ = try await cluster.cli(replica, ["CLUSTER", "FAILOVER", "FORCE"])
            var sold = 1
            for user in 1..<4 {
                var bought = false
                for _ in 0..<40 where !bought {
                    if let held = try? await Self.admittedReservation(client, sale: sale, user: "u\(user)"),
                        try await client.settledCommit(held.token, reservation: held.reservation, key: "k\(user)").status == 200
                    {
                        bought = true
                    } else {
                        try await Task.sleep(for: .milliseconds(250))
                    }
                }
                #expect(bought)
                if bought { sold += 1 }
            }
            #expect(try await cluster.primary(ofSlot: HashSlot.of(sale)).port == replica.port)
            let footprint = try await DaemonFixture.footprint(client, sale: sale)
            #expect(footprint.hasPrefix("A:\(10 - sold)/0/\(sold)"), "\(footprint)")
        }
    }

    @Test("a sale's slot migrated by hand while shoppers buy: every call succeeds, nothing lost or doubled")
    func liveMigration() async throws {
        try await Self.withDaemon { client, cluster in
            let sale = Self.saleIDs[0]
            let slot = HashSlot.of(sale)
            let source = try await cluster.primary(ofSlot: slot)
            let target = try await cluster.primaries().first { $0.port != source.port }!
            let migrated = Mutex(false)
            // Shoppers buy one after another from before IMPORTING until two after SETSLOT NODE.
            let shoppers = Task {
                var (sold, afterMigration) = (0, 0)
                while afterMigration < 2 && sold < 10 {
                    if migrated.withLock({ $0 }) { afterMigration += 1 }
                    let held = try await Self.admittedReservation(client, sale: sale, user: "m\(sold)")
                    let commit = try await client.settledCommit(held.token, reservation: held.reservation, key: "km\(sold)")
                    #expect(commit.status == 200, "\(commit.text)")
                    if commit.status == 200 { sold += 1 }
                }
                return sold
            }
            try await Task.sleep(for: .milliseconds(100))
            try await cluster.migrate(slot: slot, from: source, to: target, pause: .milliseconds(20))
            migrated.withLock { $0 = true }
            let sold = try await shoppers.value
            #expect(try await cluster.primary(ofSlot: slot).port == target.port)
            #expect(try await DaemonFixture.footprint(client, sale: sale).hasPrefix("A:\(10 - sold)/0/\(sold)"))
            #expect(try await client.call("GET", "/metrics").text.contains(#"floodgate_redis_cluster_detours_total{kind="moved"}"#))
            #expect(try await cluster.cli(target, ["EXISTS", "fg:{\(sale)}:ctl"]).hasPrefix("1"))
        }
    }

    @Test("with --redis-wait-replicas 1 a commit answered 200 survives its primary's death at once")
    func waitForReplicas() async throws {
        try await Self.withDaemon(arguments: ["--redis-wait-replicas", "1", "--redis-wait-timeout-ms", "2000"]) { client, cluster in
            let sale = Self.saleIDs[2]
            let victim = try await cluster.primary(ofSlot: HashSlot.of(sale))
            let replica = try await cluster.replica(of: victim)
            let held = try await Self.admittedReservation(client, sale: sale, user: "w")
            #expect(try await client.settledCommit(held.token, reservation: held.reservation, key: "kw").status == 200)
            await victim.kill()
            _ = try await cluster.cli(replica, ["CLUSTER", "FAILOVER", "FORCE"])
            var footprint = ""
            for _ in 0..<40 where !footprint.hasPrefix("A:") {
                footprint = (try? await DaemonFixture.footprint(client, sale: sale)) ?? ""
                if !footprint.hasPrefix("A:") { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(footprint.hasPrefix("A:9/0/1"), "\(footprint)")
        }
    }

    @Test("a cluster URL whose seeds do not answer, or name a node not in cluster mode: one line and exit 1")
    func badSeeds() async throws {
        let silent = try await FloodgateBinary.run(["serve", "--listen", "127.0.0.1:0", "--data-dir", makeScratchDirectory("daemon"),
                                                    "--redis", "redis+cluster://127.0.0.1:\(FreePort.next())"])
        #expect(silent.code != 0)
        #expect(silent.stderr.contains("CLUSTER SLOTS"))
        try await TestRedisServer.with { single in
            let plain = try await FloodgateBinary.run(["serve", "--listen", "127.0.0.1:0", "--data-dir", makeScratchDirectory("daemon"),
                                                       "--redis", "redis+cluster://127.0.0.1:\(single.port)"])
            #expect(plain.code != 0)
            #expect(plain.stderr.contains("not a cluster node"))
        }
        let mixed = try await FloodgateBinary.run(["serve", "--redis", "redis+cluster://127.0.0.1:1/0"])
        #expect(mixed.code != 0)
        #expect(mixed.stderr.contains("--redis"))
        let badWait = try await FloodgateBinary.run(["serve", "--redis-wait-replicas", "-1"])
        #expect(badWait.code != 0)
        #expect(badWait.stderr.contains("--redis-wait-replicas"))
    }
}
