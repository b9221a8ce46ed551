/// One fault injected at a moment of the rehearsal.
public struct FaultSpec: Sendable, Hashable {
    /// What happens.
    public enum Kind: Sendable, Hashable {
        /// The simulated payment gateway's failure rate and latency change (admin API).
        case payment(failureRate: Double?, latencyMs: Int?)
        /// An operator switch: `pause`, `resume`, `throttle` (with a rate) or `registration` (open or not).
        case admin(action: String, admitPerSecond: Double?, open: Bool?)
        /// Daemon number `daemon` is killed with SIGKILL, and restarted after a while (never when nil).
        case killDaemon(daemon: Int, restartAfterSeconds: Double?)
        /// Redis is killed with SIGKILL and started again on its append-only file.
        case restartRedis(downSeconds: Double)
        /// On a cluster: the primary that holds the sale's slot is killed with SIGKILL and its
        /// replica takes over; the old primary is started again after a while (never when nil)
        /// and rejoins as a replica.
        case failover(restartAfterSeconds: Double?)
        /// The stock is changed behind the daemons' back (HINCRBY on the inventory hash): a
        /// deliberately broken run, which the conservation check must catch.
        case corruptStock(sku: String, delta: Int)
        /// Redis stalls in bursts: `CLIENT PAUSE <pause_ms> ALL`, `bursts` times, one every `every_seconds`.
        case slowRedis(bursts: Int, pauseMs: Int, everySeconds: Double)
        /// Daemon number `daemon` is starved of CPU for `seconds`: SIGSTOP for `stoppedMs` out of
        /// every `everyMs`, always continued (SIGCONT) at the end.
        case starveDaemon(daemon: Int, seconds: Double, stoppedMs: Int, everyMs: Int)
    }

    /// When, in seconds from the start.
    public var atSeconds: Double
    public var kind: Kind

    /// A fault at `atSeconds`.
    public init(atSeconds: Double, kind: Kind) {
        self.atSeconds = atSeconds
        self.kind = kind
    }

    /// A short text for logs and the report.
    public var summary: String {
        switch kind {
        case .payment(let rate, let latency):
            "payment" + (rate.map { " failure_rate=\($0)" } ?? "") + (latency.map { " latency_ms=\($0)" } ?? "")
        case .admin(let action, let rate, let open):
            "admin \(action)" + (rate.map { " admit_per_second=\($0)" } ?? "") + (open.map { " open=\($0)" } ?? "")
        case .killDaemon(let daemon, let after):
            "kill -9 daemon \(daemon)" + (after.map { ", restart after \($0) s" } ?? ", no restart")
        case .restartRedis(let down):
            "kill -9 redis, restart after \(down) s"
        case .failover(let after):
            "kill -9 the sale's primary, its replica takes over" + (after.map { ", old primary back after \($0) s" } ?? ", no restart")
        case .corruptStock(let sku, let delta):
            "HINCRBY inventory \(sku)|available \(delta)"
        case .slowRedis(let bursts, let pause, let every):
            "CLIENT PAUSE \(pause) ms, \(bursts) times every \(every) s"
        case .starveDaemon(let daemon, let seconds, let stopped, let every):
            "SIGSTOP daemon \(daemon) \(stopped) ms of every \(every) ms for \(seconds) s"
        }
    }
}

extension FaultSpec: Decodable {
    static let kinds = ["payment", "admin", "kill_daemon", "restart_redis", "failover", "corrupt_stock", "slow_redis", "starve_daemon"]
    static let adminActions = ["pause", "resume", "throttle", "registration"]

    public init(from decoder: any Decoder) throws {
        let peek = try decoder.container(keyedBy: ProfileKey.self)
        let kind: String = try peek.required("kind")
        let common = ["at_seconds", "kind"]
        switch kind {
        case "payment":
            let object = try decoder.profileObject(allowed: common + ["failure_rate", "latency_ms"])
            self.kind = .payment(failureRate: try object.value("failure_rate", or: nil), latencyMs: try object.value("latency_ms", or: nil))
        case "admin":
            let object = try decoder.profileObject(allowed: common + ["action", "admit_per_second", "open"])
            self.kind = .admin(action: try object.required("action"), admitPerSecond: try object.value("admit_per_second", or: nil),
                               open: try object.value("open", or: nil))
        case "kill_daemon":
            let object = try decoder.profileObject(allowed: common + ["daemon", "restart_after_seconds"])
            self.kind = .killDaemon(daemon: try object.value("daemon", or: 0), restartAfterSeconds: try object.value("restart_after_seconds", or: nil))
        case "restart_redis":
            let object = try decoder.profileObject(allowed: common + ["down_seconds"])
            self.kind = .restartRedis(downSeconds: try object.value("down_seconds", or: 1))
        case "failover":
            let object = try decoder.profileObject(allowed: common + ["restart_after_seconds"])
            self.kind = .failover(restartAfterSeconds: try object.value("restart_after_seconds", or: nil))
        case "corrupt_stock":
            let object = try decoder.profileObject(allowed: common + ["sku", "delta"])
            self.kind = .corruptStock(sku: try object.required("sku"), delta: try object.value("delta", or: 5))
        case "slow_redis":
            let object = try decoder.profileObject(allowed: common + ["bursts", "pause_ms", "every_seconds"])
            self.kind = .slowRedis(bursts: try object.value("bursts", or: 3), pauseMs: try object.value("pause_ms", or: 1500),
                                   everySeconds: try object.value("every_seconds", or: 3))
        case "starve_daemon":
            let object = try decoder.profileObject(allowed: common + ["daemon", "seconds", "stopped_ms", "every_ms"])
            self.kind = .starveDaemon(daemon: try object.value("daemon", or: 0), seconds: try object.value("seconds", or: 10),
                                      stoppedMs: try object.value("stopped_ms", or: 300), everyMs: try object.value("every_ms", or: 1000))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [ProfileKey("kind")],
                                                    debugDescription: "expected one of \(Self.kinds.joined(separator: ", ")), got \"\(kind)\""))
        }
        atSeconds = try peek.required("at_seconds")
    }

    /// What is wrong with the fault, one line each; `daemons` is how many daemons the run has.
    func problems(index: Int, durationSeconds: Double, daemons: Int, skus: [String]) -> [String] {
        let name = "faults[\(index)]"
        var problems: [String] = []
        if !(0..<durationSeconds).contains(atSeconds) { problems.append("\(name).at_seconds: must be from 0 to less than duration_seconds") }
        switch kind {
        case .payment(let rate, let latency):
            if let rate, !(0...1).contains(rate) { problems.append("\(name).failure_rate: must be from 0 to 1") }
            if let latency, !(0...60_000).contains(latency) { problems.append("\(name).latency_ms: must be from 0 to 60000") }
        case .admin(let action, _, _):
            if !Self.adminActions.contains(action) { problems.append("\(name).action: expected one of \(Self.adminActions.joined(separator: ", "))") }
        case .killDaemon(let daemon, let after):
            problems += Self.daemonProblems(daemon, name: name, daemons: daemons)
            if let after, !(0...600).contains(after) { problems.append("\(name).restart_after_seconds: must be from 0 to 600") }
        case .restartRedis(let down):
            if !(0...600).contains(down) { problems.append("\(name).down_seconds: must be from 0 to 600") }
        case .failover(let after):
            if let after, !(0...600).contains(after) { problems.append("\(name).restart_after_seconds: must be from 0 to 600") }
        case .corruptStock(let sku, _):
            if !skus.contains(sku) { problems.append("\(name).sku: not a SKU of the sale") }
        case .slowRedis(let bursts, let pause, let every):
            if !(1...100).contains(bursts) { problems.append("\(name).bursts: must be from 1 to 100") }
            if !(1...10_000).contains(pause) { problems.append("\(name).pause_ms: must be from 1 to 10000") }
            if !(every >= Double(pause) / 1000 && every <= 600) { problems.append("\(name).every_seconds: must be at least the pause and at most 600") }
        case .starveDaemon(let daemon, let seconds, let stopped, let every):
            problems += Self.daemonProblems(daemon, name: name, daemons: daemons)
            if !(seconds > 0 && seconds <= 600) { problems.append("\(name).seconds: must be greater than 0 and at most 600") }
            if !(1...10_000).contains(stopped) { problems.append("\(name).stopped_ms: must be from 1 to 10000") }
            if !(every > stopped && every <= 60_000) { problems.append("\(name).every_ms: must be more than stopped_ms and at most 60000") }
        }
        return problems
    }

    private static func daemonProblems(_ daemon: Int, name: String, daemons: Int) -> [String] {
        (0..<max(daemons, 1)).contains(daemon) ? [] : ["\(name).daemon: must be from 0 to \(max(daemons, 1) - 1)"]
    }
}
