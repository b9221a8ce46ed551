/// What a rehearsal found: the load it offered and got through, latencies against the budgets,
/// answers by status, the funnel, and every invariant of DESIGN.md checked from Redis and from
/// what the shoppers saw. Written as JSON with `--report` (snake_case keys) and printed as a table.
public struct RehearsalReport: Sendable, Encodable {
    /// The profile file.
    public var profile: String
    public var description: String
    /// The sale the run created.
    public var saleID: String
    public var fairness: String
    public var targets: [String]
    /// Where the spawned processes kept their logs and data; nil against `--target`.
    public var workDirectory: String?
    /// When the run started (RFC 3339).
    public var startedAt: String
    public var durationSeconds: Double
    public var drainSeconds: Double
    /// How long the load ran, drain included.
    public var ranSeconds: Double
    public var load: LoadSection
    /// Latencies by kind of call, and for the `queued` and `admitted` groups.
    public var latency: [String: LatencyFigures]
    public var budgets: [BudgetCheck]
    /// Answers by kind of call and status code (transport failures by name).
    public var statusCodes: [String: [String: Int]]
    public var funnel: FunnelSection
    public var stock: StockSection
    public var doubleSpend: DoubleSpendSection
    public var forgery: ForgerySection
    public var earlyCheckout: AttackTally
    public var admission: AdmissionSection
    public var bots: BotSection
    public var durability: DurabilitySection
    public var faults: [FaultRecord]
    /// Answers no well-behaved shopper should get, by description.
    public var anomalies: [String: Int]
    public var invariants: [InvariantResult]
    /// Whether every invariant held (and, with `--strict-budgets`, every budget).
    public var passed: Bool
    /// What the guards did during the run (and would have done, in observe mode), from the sale's audit.
    public var guards: [GuardEvent] = []
    /// For each fault: its span, what the guards did about it, and the shoppers it affected.
    public var guardsByFault: [FaultImpact] = []
}

/// Offered against achieved load.
public struct LoadSection: Sendable, Encodable {
    /// Requests the simulation asked for, a second, over the run.
    public var offeredPerSecond: Double
    /// Answers received, a second, over the run.
    public var achievedPerSecond: Double
    public var peakOfferedPerSecond: Int
    public var peakAchievedPerSecond: Int
    public var requests: Int
    public var answers: Int
    /// Answers by daemon, in target order (a killed daemon's share moves to the others).
    public var answersByDaemon: [Int]
    /// Answers with a 5xx status but the deliberate 503s (`pausedOrShed`).
    public var serverErrors: Int
    /// Answers 503 `paused` or `overloaded`: the daemon's choice, with `Retry-After`.
    public var pausedOrShed: Int
    /// Requests without an answer, by reason.
    public var transportFailures: [String: Int]
    /// How long requests waited for a free connection in the load generator (ms).
    public var connectionWait: LatencyFigures
    public var peakConnectionWaiting: Int
    public var connectionsPerDaemon: Int
    /// One entry a second: `[offered, answered, 5xx, transport failures, p99 latency in ms]`.
    public var timeline: [[Int]]
}

/// Latency percentiles in milliseconds.
public struct LatencyFigures: Sendable, Encodable, Hashable {
    public var count: Int
    public var p50: Double
    public var p95: Double
    public var p99: Double
    public var max: Double
}

/// One latency budget: the p99 of a group of calls against its limit.
public struct BudgetCheck: Sendable, Encodable, Hashable {
    public var group: String
    public var budgetMs: Int
    public var p99Ms: Double
    public var met: Bool
}

/// The shoppers' and bots' funnels, how the visits ended, and the daemon's own counters.
public struct FunnelSection: Sendable, Encodable {
    public var shoppers: Funnel
    public var bots: Funnel
    public var outcomes: [String: Int]
    public var daemonCounters: [String: Int]
}

/// One SKU's stock after the run.
public struct SKUStock: Sendable, Encodable, Hashable {
    public var sku: String
    public var initial: Int
    public var added: Int
    public var available: Int
    public var reserved: Int
    public var sold: Int
    /// Units sold according to the ledger (commits less refunds).
    public var ledgerSold: Int
}

/// Stock conservation and oversell, from Redis.
public struct StockSection: Sendable, Encodable {
    public var skus: [SKUStock]
    public var unitsOnSale: Int
    public var unitsSold: Int
    /// Units sold beyond the stock: must be 0.
    public var oversoldUnits: Int
    /// SKUs breaking `initial + added = available + reserved + sold`, a negative figure, or a
    /// ledger that disagrees with `sold`: must be empty.
    public var violations: [String]
}

/// Double-spend attempts and what Redis says about charges and commits per reservation.
public struct DoubleSpendSection: Sendable, Encodable {
    public var attempts: Int
    /// Attempts that got through, as the attacker saw it, plus reservations committed or charged twice: must be 0.
    public var succeeded: Int
    public var byVariant: [String: AttackTally]
    public var reservationsCommittedTwice: Int
    public var reservationsChargedTwice: Int
    /// Charges standing for reservations with no commit in the ledger (neither turned into the
    /// order nor refunded or voided by the reconciliation pass): must be 0.
    public var chargesWithoutOrder: Int
    /// Payment attempts open (paying, or a charge queued to be voided) when the drain ended.
    public var paymentsOpenAtDrain: Int
    /// Payment attempts still open (paying, or a charge queued to be voided) when the checks read
    /// Redis, after waiting for them to settle.
    public var paymentsOpen: Int
    /// How long the checks waited for the open payment attempts to settle.
    public var secondsSettling: Double
}

/// Forged tokens and how many got through.
public struct ForgerySection: Sendable, Encodable {
    public var attempts: Int
    /// Must be 0.
    public var accepted: Int
    public var byVariant: [String: AttackTally]
    /// Whether expired and foreign tokens were signed with the daemons' own key (read from Redis).
    public var signedWithDaemonKey: Bool
    /// Genuine tokens refused with 401: a daemon bug if not 0.
    public var genuineTokensRefused: Int
}

/// Bots and what they got.
public struct BotSection: Sendable, Encodable {
    public var identities: Int
    public var registered: Int
    public var rateLimited: Int
    public var unitsBought: Int
    /// Bots' share of the units sold, 0...1.
    public var shareOfUnits: Double
    /// Bots' share of the identities (bots and shoppers), 0...1.
    public var shareOfIdentities: Double
    /// The bot defense's verdicts at the end: shoppers and bots flagged (score at or above the
    /// policy's threshold), held, evicted.
    public var humansFlagged: Int
    public var humansHeld: Int
    public var humansEvicted: Int
    public var botsFlagged: Int
    public var botsHeld: Int
    public var botsEvicted: Int
    /// Seconds from a bot's first registration attempt to its hold: median and slowest (nil when none was held).
    public var secondsToHoldP50: Double?
    public var secondsToHoldMax: Double?
}

/// Acknowledged commits against the ledger.
public struct DurabilitySection: Sendable, Encodable {
    public var acknowledgedCommits: Int
    /// Must be 0.
    public var missingFromLedger: Int
    /// The first missing order ids.
    public var missing: [String]
}

/// A fault as planned and as done.
public struct FaultRecord: Sendable, Encodable, Hashable {
    public var atSeconds: Double
    /// When it actually started, in seconds from the start.
    public var startedAtSeconds: Double
    public var fault: String
    public var result: FaultResult
    /// The fault as the profile gives it (not encoded: `fault` says it in words).
    public var spec: FaultSpec

    enum CodingKeys: String, CodingKey {
        case atSeconds, startedAtSeconds, fault, result
    }

    /// What happened to `spec`, which started `startedAtSeconds` from the start.
    public init(spec: FaultSpec, startedAtSeconds: Double, result: FaultResult) {
        atSeconds = spec.atSeconds
        self.startedAtSeconds = startedAtSeconds
        fault = spec.summary
        self.result = result
        self.spec = spec
    }
}

/// One invariant and whether it held.
public struct InvariantResult: Sendable, Encodable, Hashable {
    public var name: String
    public var passed: Bool
    public var detail: String
}
