import FloodgateTesting
import Foundation
import Testing

/// The CI rehearsals: the built `floodgate` binary runs `rehearse --spawn` on the profiles in
/// Rehearsals/, and the JSON report is checked. One at a time: they share two cores.
@Suite("floodgate rehearse --spawn: short rehearsals with faults", .serialized)
struct RehearsalRunTests {
    /// Runs a profile and reads its report; the run's processes keep their data in a scratch
    /// directory, removed afterwards.
    static func rehearse(_ profile: String) async throws -> (code: Int32, report: [String: Any], stderr: String) {
        let directory = makeScratchDirectory("rehearsal")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = directory + "/report.json"
        let result = try await FloodgateBinary.run([
            "rehearse", "--spawn", "--profile", ProfileTests.directory + "/" + profile, "--report", report, "--work-dir", directory + "/run",
        ])
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(result.stderr)")
        return (result.code, json, result.stderr)
    }

    /// The invariants that failed, with what was found, for failure messages.
    static func failures(_ report: [String: Any]) -> String {
        let invariants = report["invariants"] as? [[String: Any]] ?? []
        return invariants.filter { $0["passed"] as? Bool == false }.map { "\($0["name"] ?? ""): \($0["detail"] ?? "")" }.joined(separator: "\n")
    }

    static func int(_ json: [String: Any], _ path: String) -> Int? {
        var value: Any? = json
        for key in path.split(separator: ".") { value = (value as? [String: Any])?[String(key)] }
        return value as? Int
    }

    @Test("a FIFO spike with bots, forgers and double spenders, a payment drill, a daemon and Redis killed: every invariant holds")
    func shortSpike() async throws {
        let (code, report, stderr) = try await Self.rehearse("ci-short.json")
        #expect(code == 0, "\(Self.failures(report))\n\(stderr.suffix(2_000))")
        #expect(report["passed"] as? Bool == true)
        #expect(Self.int(report, "stock.oversold_units") == 0)
        #expect((report["stock"] as? [String: Any])?["violations"] as? [String] == [])
        #expect(Self.int(report, "double_spend.succeeded") == 0)
        #expect(Self.int(report, "double_spend.attempts") ?? 0 > 0)
        #expect(Self.int(report, "forgery.accepted") == 0)
        #expect(Self.int(report, "forgery.attempts") ?? 0 > 0)
        #expect(Self.int(report, "early_checkout.succeeded") == 0)
        #expect(Self.int(report, "admission.out_of_order") == 0)
        #expect(Self.int(report, "durability.missing_from_ledger") == 0)
        #expect(Self.int(report, "durability.acknowledged_commits") ?? 0 > 0)
        #expect(Self.int(report, "bots.identities") == 50)
        let faults = report["faults"] as? [[String: Any]] ?? []
        #expect(faults.count == 4)
        #expect(faults.allSatisfy { ($0["result"] as? [String: Any])?["done"] as? Bool == true }, "\(faults)")
    }

    @Test("stock changed behind the daemon's back: the rehearsal fails on conservation, and its report shows the conservation guard firing")
    func brokenRun() async throws {
        let (code, report, stderr) = try await Self.rehearse("ci-broken.json")
        #expect(code == 1, "\(stderr.suffix(2_000))")
        #expect(report["passed"] as? Bool == false)
        #expect(((report["stock"] as? [String: Any])?["violations"] as? [String] ?? []).contains { $0.contains("initial 60") })
        let failed = (report["invariants"] as? [[String: Any]] ?? []).filter { $0["passed"] as? Bool == false }.compactMap { $0["name"] as? String }
        #expect(failed == ["no oversell"])
        let guards = report["guards"] as? [[String: Any]] ?? []
        #expect(guards.contains { $0["actor"] as? String == "guard:conservation" && $0["action"] as? String == "fire" }, "\(guards)")
    }

    @Test("--compare-with runs a second profile after the first and prints the shoppers affected in both side by side; exit 1 when either failed")
    func compareWith() async throws {
        let directory = makeScratchDirectory("rehearsal-compare")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broken = ProfileTests.directory + "/ci-broken.json"
        let result = try await FloodgateBinary.run([
            "rehearse", "--spawn", "--profile", broken, "--compare-with", broken, "--report", directory + "/report.json", "--work-dir", directory + "/run",
        ], standardOutput: directory + "/stdout")
        #expect(result.code == 1, "\(result.stderr.suffix(2_000))")
        var sales: [String] = []
        for file in ["report.json", "report.json.compare.json"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            sales.append(report["sale_id"] as? String ?? "")
        }
        #expect(Set(sales).count == 2)
        let stdout = try String(contentsOfFile: directory + "/stdout", encoding: .utf8)
        let comparison = try #require(stdout.components(separatedBy: "Compared: shoppers affected").last)
        for row in ["402 answers (payment declined)", "5xx answers", "expired carts", "shoppers who bought", "guard events"] {
            #expect(comparison.contains(row), "\(row)")
        }
        #expect(comparison.contains(#/invariants\s+FAILED\s+FAILED/#))
    }

    @Test("a lottery: the draw matches its published seed and is independent of registration order; one daemon starved of CPU and left running, the other dies")
    func lottery() async throws {
        let (code, report, stderr) = try await Self.rehearse("ci-lottery.json")
        #expect(code == 0, "\(Self.failures(report))\n\(stderr.suffix(2_000))")
        let lottery = (report["admission"] as? [String: Any])?["lottery"] as? [String: Any]
        #expect(lottery?["seed_matches_commitment"] as? Bool == true)
        #expect(lottery?["uniform"] as? Bool == true)
        let observed = lottery?["observed"] as? Int ?? 0
        #expect(observed > 100)
        #expect(lottery?["positions_matching_draw"] as? Int == observed)
        #expect(Self.int(report, "stock.oversold_units") == 0)
        #expect(Self.int(report, "durability.missing_from_ledger") == 0)
        // The starved daemon is continued after its bursts, and carries the load alone once the other is killed.
        let starve = (report["faults"] as? [[String: Any]] ?? []).first { ($0["fault"] as? String)?.hasPrefix("SIGSTOP daemon 0") == true }
        let result = starve?["result"] as? [String: Any]
        #expect(result?["done"] as? Bool == true && (result?["detail"] as? String)?.hasSuffix("the daemon is running") == true, "\(String(describing: starve))")
    }

    @Test("bad command lines exit 2 with one line", arguments: [
        (["rehearse", "--profile", "/nonexistent.json", "--spawn"], "cannot be read"),
        (["rehearse", "--profile", "x.json", "--target", "http://10.0.0.1:8080"], "only sends its load to loopback"),
        (["rehearse", "--profile", "x.json"], "give either --spawn or --target"),
    ])
    func badCommandLines(arguments: [String], message: String) async throws {
        let result = try await FloodgateBinary.run(arguments)
        #expect(result.code == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}

/// In the same serialized suite as the other rehearsals: they share two cores.
extension RehearsalRunTests {
    @Test("a bot wave: bots spread over many addresses get under 5% of the units; no person is held or evicted")
    func botWave() async throws {
        let (code, report, stderr) = try await RehearsalRunTests.rehearse("ci-bots.json")
        #expect(code == 0, "\(RehearsalRunTests.failures(report))\n\(stderr.suffix(2_000))")
        let bots = try #require(report["bots"] as? [String: Any])
        #expect((bots["share_of_units"] as? Double ?? 1) < 0.05, "\(bots)")
        #expect(bots["humans_evicted"] as? Int == 0, "\(bots)")
        #expect(bots["humans_held"] as? Int == 0, "\(bots)")
        #expect(RehearsalRunTests.int(report, "stock.oversold_units") == 0)
    }
}
