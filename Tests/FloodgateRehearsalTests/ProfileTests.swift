import FloodgateCore
import Foundation
import Testing

@testable import FloodgateRehearsal

@Suite("Rehearsal profiles: the documented examples load, mistakes are refused with every problem")
struct ProfileTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Rehearsals").standardized.path

    static var exampleFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test("every profile in Rehearsals/ loads and describes itself")
    func examplesLoad() throws {
        #expect(Self.exampleFiles.count >= 4)
        for file in Self.exampleFiles {
            let profile = try RehearsalProfile.load(path: Self.directory + "/" + file)
            #expect(!profile.description.isEmpty, "\(file)")
        }
    }

    @Test("every field the examples use is documented in Rehearsals/README.md")
    func fieldsDocumented() throws {
        let readme = try String(contentsOfFile: Self.directory + "/README.md", encoding: .utf8)
        let keys = RehearsalProfile.keys + ArrivalCurve.keys + ShopperBehaviour.keys + BotSettings.keys + AttackSettings.keys + FaultSpec.kinds
        for key in keys {
            #expect(readme.contains("`\(key)`"), "\(key) is not documented")
        }
    }

    @Test("problems", arguments: [
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "shopers": 5}"#, "unknown key shopers"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}], "starts_at": "2030-01-01T00:00:00Z"}}"#, "sale.starts_at: not allowed"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": -1}]}}"#, "sale.skus[0].stock"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "duration_seconds": 5, "faults": [{"at_seconds": 9, "kind": "payment"}]}"#, "faults[0].at_seconds"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "faults": [{"at_seconds": 1, "kind": "kill_daemon", "daemon": 1}]}"#, "faults[0].daemon"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "faults": [{"at_seconds": 1, "kind": "flood"}]}"#, "expected one of payment"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "faults": [{"at_seconds": 1, "kind": "starve_daemon", "stopped_ms": 900, "every_ms": 800}]}"#, "faults[0].every_ms"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "behaviour": {"think_ms": [5, 1]}}"#, "behaviour.think_ms"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "arrival": {"baseline_per_second": "fast"}}"#, "arrival.baseline_per_second: expected a number"),
        (#"{"seed": 1}"#, "sale: is required"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "network": "wifi"}"#, "network"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "redis": "bogus"}"#, #"redis: expected one of single, cluster, got "bogus""#),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "redis_wait_replicas": 1}"#, "redis_wait_replicas: needs"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "redis": "cluster", "redis_wait_replicas": 3}"#, "redis_wait_replicas: must be 0 or 1"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "faults": [{"at_seconds": 1, "kind": "failover"}]}"#, "faults[0]: failover needs"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "redis": "cluster", "faults": [{"at_seconds": 1, "kind": "restart_redis"}]}"#, "use failover"),
        (#"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "redis": "cluster", "faults": [{"at_seconds": 1, "kind": "slow_redis"}]}"#, "slow_redis needs"),
    ])
    func problems(json: String, expected: String) {
        #expect {
            try RehearsalProfile.parse(Data(json.utf8))
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test("every problem is reported at once")
    func allProblems() {
        let json = #"{"sale": {"id": "s", "skus": [{"sku": "A", "stock": 1}]}, "duration_seconds": 0, "connections": 0, "daemons": 9}"#
        #expect {
            try RehearsalProfile.parse(Data(json.utf8))
        } throws: { error in
            (error as? RehearsalProfileError)?.problems.count == 4
        }
    }

    @Test("the run's sale: a fresh id, the start and the pre-registration window from the profile")
    func salePlan() throws {
        let json = #"{"sale": {"id": "drop", "skus": [{"sku": "A", "stock": 1}], "fairness": "lottery"}, "starts_after_seconds": 4.2}"#
        let profile = try RehearsalProfile.parse(Data(json.utf8))
        let now = Date(timeIntervalSince1970: 1_800_000_000.7)
        let plan = SalePlan(profile: profile, runID: "ab12", now: now)
        #expect(plan.id == "drop-ab12")
        #expect(plan.definition.startsAt == Date(timeIntervalSince1970: 1_800_000_005))
        #expect(plan.definition.prequeueOpensAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(plan.json.contains(#""prequeue_opens_at":"#))
    }
}
