import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import FloodgateSystem
import FloodgateTesting
import Foundation
import Testing

@Suite("Scripts touch only the keys they receive in KEYS")
struct ScriptKeysTests {
    @Test("every command a script runs, as MONITOR shows it, names only keys passed in KEYS")
    func everyKeyDeclared() async throws {
        try await TestRedisServer.withClient(configure: { $0.commandTimeout = .seconds(20) }) { client, server in
            let engine = SaleEngine(redis: client, scripts: try ScriptLibrary.load())
            try await engine.loadScripts()
            let log = makeScratchDirectory("monitor") + "/monitor.txt"
            let monitor = try await ChildProcess.spawn(["/usr/bin/redis-cli", "-p", String(server.port), "monitor"], standardOutput: log)
            defer { monitor.signal(SIGTERM) }
            try await waitForMonitor(client, log: log)
            try await Self.runEveryScript(engine)
            try await Self.runEveryBotScript(engine)
            try await Self.runEveryGuardScript(engine)
            _ = try await client.send(["PING"])
            try await Task.sleep(for: .milliseconds(200))
            let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { MonitorLine(String($0)) }
            var declared: [String] = []
            var scriptCommands = 0
            var strays: [String] = []
            for line in lines.compactMap({ $0 }) {
                if line.fromScript {
                    scriptCommands += 1
                    for key in try await Self.keys(of: line.arguments, client: client) where !declared.contains(key) {
                        strays.append("\(line.arguments.joined(separator: " ")) touches \(key), not in \(declared)")
                    }
                } else if line.arguments.first?.uppercased() == "EVALSHA", line.arguments.count >= 3, let count = Int(line.arguments[2]) {
                    declared = Array(line.arguments.dropFirst(3).prefix(count))
                }
            }
            #expect(scriptCommands > 50)
            #expect(strays.isEmpty, "\(strays.prefix(5))")
        }
    }

    /// Create, register, tick, reserve, commit, cancel, expire, control, rollback and refund.
    static func runEveryScript(_ engine: SaleEngine) async throws {
        try await engine.create(EngineHarness.sale(stock: 10, perUserLimit: 3, ttl: 1))
        _ = try await EngineHarness.registerAndAdmit(engine, count: 2)
        let bought = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
        _ = try await engine.commit(saleID: "drop-1", userID: "u0", reservationID: bought.id, idempotencyKey: "k", fingerprint: "f")
        let dropped = try await engine.reserve(saleID: "drop-1", userID: "u0", position: 1, sku: "A", qty: 1)
        try await engine.cancel(saleID: "drop-1", userID: "u0", reservationID: dropped.id)
        _ = try await engine.reserve(saleID: "drop-1", userID: "u1", position: 2, sku: "A", qty: 1)
        try await Task.sleep(for: .milliseconds(1_100))
        try await engine.sweepExpired(saleID: "drop-1")
        _ = try await engine.reserve(saleID: "drop-1", userID: "u1", position: 2, sku: "A", qty: 1)
        try await engine.control(saleID: "drop-1", .pause(reason: "test", by: "admin"))
        try await engine.control(saleID: "drop-1", .resume)
        _ = try await engine.rollback(saleID: "drop-1", refunds: .all, by: "admin")
    }

    /// The bot defense's scripts, on a sale of their own: register with an origin, record, read, act, evict,
    /// unhold, block, state and report.
    static func runEveryBotScript(_ engine: SaleEngine) async throws {
        try await engine.create(EngineHarness.sale("bots", stock: 10, perUserLimit: 3))
        _ = try await EngineHarness.registerAndAdmit(engine, saleID: "bots", count: 2)
        let origin = BotSessionOrigin(source: "203.0.113.9", subnet: "203.0.113.0/24", fingerprint: "00000000000000aa", ticket: 1)
        let recorded = RegistrationOrigin(source: origin.source, subnet: origin.subnet, fingerprint: origin.fingerprint, proofRate: 2_000)
        _ = try await engine.register(saleID: "bots", userID: "u2", challengeID: nil, challengeLifetimeMs: 0, origin: recorded)
        _ = try await engine.reserve(saleID: "bots", userID: "u0", position: 1, sku: "A", qty: 1)
        try await engine.recordBotEvidence(saleID: "bots", records: [.polls(user: "u0", count: 3, early: 2, gaps: 1, gapSum: 10, gapSquares: 100)])
        _ = try await engine.botEvidence(saleID: "bots", users: ["u0", "u1"])
        var policy = BotPolicy()
        policy.mode = .enforce
        let hold = BotAssessment(probabilities: [.earlyPolls: 0.8])
        _ = try await engine.applyBotDecisions(saleID: "bots", policy: policy, decisions: [
            BotDecision(user: "u1", assessment: hold, action: policy.action(for: hold.score), position: 2, origin: origin),
        ])
        _ = try await engine.clearBotHold(saleID: "bots", user: "u1")
        _ = try await engine.evictBotSession(saleID: "bots", user: "u0", actor: "test", reason: "test")
        _ = try await engine.changeBotDefense(saleID: "bots", operation: "block", value: "source:203.0.113.0/24", actor: "test")
        _ = try await engine.botState(saleID: "bots", version: "")
        _ = try await engine.botReport(saleID: "bots")
    }

    /// The guards' scripts: lease, vitals and a track moved with its alert.
    static func runEveryGuardScript(_ engine: SaleEngine) async throws {
        #expect(try await engine.holdGuardLease(saleID: "drop-1", daemon: "d1", ttlMs: 3_000))
        #expect(try await engine.holdGuardLease(saleID: "drop-1", daemon: "d2", ttlMs: 3_000) == false)
        try await engine.recordVitals(saleID: "drop-1", second: 100, adds: [("requests", 3)], maxes: [("checkout_p99_ms", 12.5)], sets: [("reserved", 4)])
        let alert = GuardAlert(id: "1-conservation", severity: .critical, guardName: "conservation", figure: "f", action: "a",
                               since: "2026-12-01T18:00:00Z", dryRun: false)
        #expect(try await engine.moveGuardTrack(saleID: "drop-1", kind: .conservation, from: "", to: GuardTrack(), alert: alert))
        #expect(try await engine.moveGuardTrack(saleID: "drop-1", kind: .conservation, from: "", to: GuardTrack(), alert: alert) == false)
        #expect(try await engine.alerts(saleID: "drop-1").map(\.id) == ["1-conservation"])
        // An acknowledgement survives the guard's own rewrite of the alert (its clearing), and a
        // second one keeps the first.
        let acknowledged = try #require(try await engine.acknowledgeAlert(saleID: "drop-1", alertID: alert.id, by: "oscar@127.0.0.1"))
        #expect(acknowledged.acknowledgedBy == "oscar@127.0.0.1" && acknowledged.acknowledgedAt != nil)
        #expect(try await engine.acknowledgeAlert(saleID: "drop-1", alertID: alert.id, by: "eve")?.acknowledgedBy == "oscar@127.0.0.1")
        #expect(try await engine.acknowledgeAlert(saleID: "drop-1", alertID: "9-nothing", by: "eve") == nil)
        var cleared = alert
        cleared.clearedAt = "2026-12-01T18:01:00Z"
        let raw = try #require(try await engine.guardTracks(saleID: "drop-1")[.conservation]?.raw)
        #expect(try await engine.moveGuardTrack(saleID: "drop-1", kind: .conservation, from: raw, to: nil, alert: cleared))
        let stored = try #require(try await engine.alerts(saleID: "drop-1").first)
        #expect(stored.clearedAt == "2026-12-01T18:01:00Z")
        #expect(stored.acknowledgedBy == "oscar@127.0.0.1" && stored.acknowledgedAt == acknowledged.acknowledgedAt)
        let vitals = try await engine.vitals(saleID: "drop-1", seconds: [100])
        #expect(vitals.first?.requests == 3 && vitals.first?.checkoutP99Ms == 12.5 && vitals.first?.totals?.reserved == 4)
    }

    /// The keys of a command, as Redis itself finds them (`COMMAND GETKEYS`); none for a command without keys.
    static func keys(of arguments: [String], client: RedisClient) async throws -> [String] {
        let reply = try await client.send(["COMMAND", "GETKEYS"] + arguments)
        return reply.array?.compactMap(\.string) ?? []
    }

    private func waitForMonitor(_ client: RedisClient, log: String) async throws {
        for _ in 0..<100 {
            _ = try await client.send(["PING"])
            if let text = try? String(contentsOfFile: log, encoding: .utf8), text.contains("\"PING\"") { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClientError("redis-cli monitor did not start")
    }
}

/// One line of `redis-cli monitor`: `<time> [<db> <client or lua>] "ARG" "ARG" ...`.
struct MonitorLine {
    let fromScript: Bool
    let arguments: [String]

    init?(_ line: String) {
        guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { return nil }
        fromScript = line[open...close].hasSuffix(" lua]")
        arguments = Self.quoted(line[line.index(after: close)...])
    }

    /// The double-quoted strings of `text`, with redis-cli's escapes (`\"`, `\\`, `\n`, `\xNN`) undone.
    static func quoted(_ text: Substring) -> [String] {
        var result: [String] = []
        var current: [UInt8]?
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            guard current != nil else {
                if byte == UInt8(ascii: "\"") { current = [] }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                result.append(String(decoding: current!, as: UTF8.self))
                current = nil
            case UInt8(ascii: "\\"):
                guard let next = bytes.popFirst() else { break }
                switch next {
                case UInt8(ascii: "n"): current!.append(0x0a)
                case UInt8(ascii: "r"): current!.append(0x0d)
                case UInt8(ascii: "t"): current!.append(0x09)
                case UInt8(ascii: "x"):
                    let hex = String(decoding: bytes.prefix(2), as: UTF8.self)
                    bytes = bytes.dropFirst(2)
                    current!.append(UInt8(hex, radix: 16) ?? 0)
                default: current!.append(next)
                }
            default: current!.append(byte)
            }
        }
        return result
    }
}
