import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

@testable import FloodgateRehearsal

/// In the same serialized suite as the other rehearsals: they share two cores.
extension RehearsalRunTests {
    @Test("on a local cluster, the primary holding the sale killed mid-sale: its replica takes over, nothing oversold or double spent, acknowledged orders lost counted (0 with --redis-wait-replicas 1)")
    func clusterFailover() async throws {
        let (code, report, stderr) = try await Self.rehearse("cluster-failover.json")
        #expect(code == 0, "\(Self.failures(report))\n\(stderr.suffix(2_000))")
        #expect(Self.int(report, "stock.oversold_units") == 0)
        #expect((report["stock"] as? [String: Any])?["violations"] as? [String] == [])
        #expect(Self.int(report, "double_spend.succeeded") == 0)
        #expect(Self.int(report, "double_spend.attempts") ?? 0 > 0)
        #expect(Self.int(report, "durability.acknowledged_commits") ?? 0 > 0)
        #expect(Self.int(report, "durability.missing_from_ledger") == 0)
        #expect(Self.int(report, "double_spend.charges_without_order") == 0)
        let faults = report["faults"] as? [[String: Any]] ?? []
        let result = faults.first?["result"] as? [String: Any]
        let detail = result?["detail"] as? String ?? ""
        #expect(result?["done"] as? Bool == true, "\(faults)")
        #expect(detail.contains("took over") && detail.contains("the old primary restarted"), "\(detail)")
        // The daemons served the sale after the failover too: orders were acknowledged after the kill.
        #expect(stderr.contains("redis+cluster://"))
    }

    @Test("a profile whose redis is neither single nor cluster is refused with one line, exit 2, nothing started")
    func bogusRedisSetting() async throws {
        let directory = makeScratchDirectory("rehearsal-bogus")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profile = directory + "/bogus.json"
        try #"{"description": "x", "sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "redis": "bogus"}"#
            .write(toFile: profile, atomically: true, encoding: .utf8)
        let result = try await FloodgateBinary.run(["rehearse", "--spawn", "--profile", profile, "--work-dir", directory + "/run"])
        #expect(result.code == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(#"redis: expected one of single, cluster, got "bogus""#), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/run"))
    }
}

/// The failover fault against daemons the run did not start: the operator's command learns which
/// primary to kill from the rehearsal's cluster client.
@Suite("The failover fault against --target runs --failover-command with the sale's primary", .serialized)
struct TargetFailoverTests {
    @Test("FLOODGATE_PRIMARY is the node that owns the sale's slot, FLOODGATE_SLOT its slot; without a command the fault is skipped")
    func commandEnvironment() async throws {
        try await TestRedisCluster.with { cluster in
            let configuration = try RedisClientConfiguration(url: cluster.url)
            let client = RedisClient(configuration: configuration)
            try await client.connect()
            defer { client.shutdown() }
            let directory = makeScratchDirectory("failover-command")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let slot = HashSlot.of("fg:{drop-42}:inv")
            let owner = try await cluster.primary(ofSlot: slot)
            #expect(client.primary(ofSlot: slot) == "127.0.0.1:\(owner.port)")

            var deployment = TargetDeployment(targets: [], adminToken: "t", redisConfiguration: configuration, daemonRestartCommand: nil,
                                              redisRestartCommand: nil, failoverCommand: nil)
            let skipped = await deployment.failover(slot: slot, primary: client.primary(ofSlot: slot), restartAfter: nil)
            #expect(!skipped.done && skipped.detail.contains("--failover-command"))

            deployment = TargetDeployment(targets: [], adminToken: "t", redisConfiguration: configuration, daemonRestartCommand: nil, redisRestartCommand: nil,
                                          failoverCommand: #"echo "$FLOODGATE_PRIMARY $FLOODGATE_SLOT $FLOODGATE_RESTART_AFTER" > "# + directory + "/env")
            let result = await deployment.failover(slot: slot, primary: client.primary(ofSlot: slot), restartAfter: .seconds(4))
            #expect(result.done, "\(result.detail)")
            let seen = try String(contentsOfFile: directory + "/env", encoding: .utf8)
            #expect(seen == "127.0.0.1:\(owner.port) \(slot) 4.0\n")
            #expect(owner.isRunning)
        }
    }
}
