import FloodgateCore

/// One fault from its actual start to its end, as the guards-by-fault section reads it.
///
/// The rule, kept simple:
/// - A fault that changes a setting until told otherwise (`payment`: the gateway's failure rate
///   and latency; `admin`: an operator switch) lasts until the next fault of the same kind.
/// - A `payment` fault that puts the gateway back to the sale's own `failure_rate` and
///   `latency_ms`, an admin `resume` and an admin `registration` that opens it are restorations:
///   they end the fault before them and have no span of their own.
/// - A fault with a length of its own ends when that length says: `starve_daemon` after
///   `seconds`, `slow_redis` when its last pause ends (`(bursts - 1) × every_seconds + pause_ms`),
///   `restart_redis` after `down_seconds`, `kill_daemon` and `failover` when the old process is
///   started again.
/// - Anything else (a daemon never restarted, stock changed, a setting never restored) lasts to
///   the end of the run, as no span goes past it.
/// - Faults that were not done are left out: they changed nothing (the Faults section says why).
struct FaultSpan: Sendable, Hashable {
    /// A short name, such as `payment 80% declined` or `daemon 1 starved 6 s`.
    var label: String
    var startedAtSeconds: Double
    var endedAtSeconds: Double

    /// The spans of `records`, in order of start.
    /// - Parameters:
    ///   - baseline: the sale's own payment settings, which a restoring `payment` fault puts back.
    ///   - runEnd: when the run ended, in seconds from the start.
    static func spans(_ records: [FaultRecord], baseline: SaleDefinition.Payment, runEnd: Double) -> [FaultSpan] {
        var spans: [FaultSpan] = []
        var open: [String: Int] = [:]
        var gateway = baseline
        for record in records.sorted(by: { $0.startedAtSeconds < $1.startedAtSeconds }) where record.result.done {
            let spec = record.spec
            if let setting = spec.setting, let index = open.removeValue(forKey: setting) {
                spans[index].endedAtSeconds = min(record.startedAtSeconds, runEnd)
            }
            if case .payment(let rate, let latency) = spec.kind {
                gateway.failureRate = rate ?? gateway.failureRate
                gateway.latencyMs = latency ?? gateway.latencyMs
            }
            if spec.restores(to: baseline, gateway: gateway) { continue }
            let end = spec.lengthSeconds.map { record.startedAtSeconds + $0 } ?? runEnd
            spans.append(FaultSpan(label: spec.label(gateway: gateway, baseline: baseline), startedAtSeconds: record.startedAtSeconds,
                                   endedAtSeconds: min(end, runEnd)))
            if let setting = spec.setting { open[setting] = spans.count - 1 }
        }
        return spans
    }
}

extension FaultSpec {
    /// The setting a fault changes until another fault of the same kind changes it again.
    fileprivate var setting: String? {
        switch kind {
        case .payment: "payment"
        case .admin: "admin"
        default: nil
        }
    }

    /// How long the fault lasts by itself, when it says.
    fileprivate var lengthSeconds: Double? {
        switch kind {
        case .starveDaemon(_, let seconds, _, _): seconds
        case .slowRedis(let bursts, let pauseMs, let everySeconds): Double(bursts - 1) * everySeconds + Double(pauseMs) / 1_000
        case .restartRedis(let down): down
        case .killDaemon(_, let restartAfter), .failover(let restartAfter): restartAfter
        case .payment, .admin, .corruptStock: nil
        }
    }

    /// Whether the fault undoes the one before it rather than being a fault; `gateway` is the
    /// payment settings once it is done.
    fileprivate func restores(to baseline: SaleDefinition.Payment, gateway: SaleDefinition.Payment) -> Bool {
        switch kind {
        case .payment: gateway.failureRate == baseline.failureRate && gateway.latencyMs == baseline.latencyMs
        case .admin(let action, _, let open): action == "resume" || (action == "registration" && open == true)
        default: false
        }
    }

    /// A short name for the table.
    fileprivate func label(gateway: SaleDefinition.Payment, baseline: SaleDefinition.Payment) -> String {
        switch kind {
        case .payment:
            let declined = gateway.failureRate == baseline.failureRate ? nil : "\((gateway.failureRate * 100).formatted(decimals: 0))% declined"
            let slow = gateway.latencyMs == baseline.latencyMs ? nil : "\(gateway.latencyMs) ms"
            return "payment " + [declined, slow].compactMap { $0 }.joined(separator: ", ")
        case .admin(let action, _, _): return "admin \(action)"
        case .killDaemon(let daemon, _): return "daemon \(daemon) killed"
        case .restartRedis: return "Redis killed"
        case .failover: return "failover"
        case .corruptStock(let sku, let delta): return "stock \(sku) \(delta > 0 ? "+" : "")\(delta)"
        case .slowRedis(let bursts, let pauseMs, _): return "Redis paused \(bursts) × \(pauseMs) ms"
        case .starveDaemon(let daemon, let seconds, _, _): return "daemon \(daemon) starved \(seconds.formatted(decimals: 0)) s"
        }
    }
}
