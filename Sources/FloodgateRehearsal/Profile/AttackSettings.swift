/// Bots: operators that register many user ids from one source address, poll far faster than
/// `poll_after_ms` asks, and buy the moment they are admitted.
public struct BotSettings: Sendable, Hashable {
    /// How many bot operators.
    public var count = 0
    /// How many user ids each operator registers.
    public var identitiesEach = 20
    /// How often a bot identity polls `/queue/status`, whatever the daemon asks.
    public var pollIntervalMs = 50
    /// The one source address every bot shares, when `sources` is 1: a loopback address
    /// (127.x.y.z) the bots' sockets are bound to.
    public var source = "127.198.51.66"
    /// Addresses per operator (residential proxies): its identities take them in turn, each in a
    /// subnet of its own (127.128.0.0/10, an operator per /16). 1 keeps every bot on `source`.
    public var sources = 1
    /// `fixed`: polls every `poll_interval_ms`; `mimic`: polls `lead` (a share) before the `poll_after_ms` asked.
    public var cadence = "fixed"
    public var lead = 0.1
    /// When the bots show up, in seconds from the start.
    public var arriveAtSeconds: Double = 0

    /// No bots.
    public init() {}
}

/// The attackers besides bots, each counted in the report.
public struct AttackSettings: Sendable, Hashable {
    /// When token forgers and double spenders register, in seconds from the start (spread over a second).
    public var arriveAtSeconds: Double = 1
    /// Shoppers who send altered, spliced, foreign and expired tokens.
    public var tokenForgers = 0
    /// Shoppers who try to buy one reservation twice (concurrent commits, cancel racing commit,
    /// an Idempotency-Key replayed with another body), one variant each in turn.
    public var doubleSpenders = 0
    /// How many connections commit the same reservation at once.
    public var concurrentCommits = 8
    /// Shoppers who call checkout while still waiting in the queue.
    public var earlyCheckout = 0
    /// When they register, in seconds from the start: pick a moment with a queue (the spike).
    public var earlyCheckoutAtSeconds: Double = 0

    /// No attackers.
    public init() {}

    /// Every attacker.
    var total: Int { tokenForgers + doubleSpenders + earlyCheckout }
}

extension BotSettings: Decodable {
    static let keys = ["count", "identities_each", "poll_interval_ms", "source", "arrive_at_seconds", "sources", "cadence", "lead"]

    public init(from decoder: any Decoder) throws {
        let object = try decoder.profileObject(allowed: Self.keys)
        count = try object.value("count", or: count)
        identitiesEach = try object.value("identities_each", or: identitiesEach)
        pollIntervalMs = try object.value("poll_interval_ms", or: pollIntervalMs)
        source = try object.value("source", or: source)
        arriveAtSeconds = try object.value("arrive_at_seconds", or: arriveAtSeconds)
        sources = try object.value("sources", or: sources)
        cadence = try object.value("cadence", or: cadence)
        lead = try object.value("lead", or: lead)
    }

    /// The address of identity `identity` of operator `operator`.
    func address(of index: Int, identity: Int) -> String {
        guard sources > 1 else { return source }
        let slot = identity % sources
        return "127.\(128 + index % 64).\(slot % 256).\(1 + (slot * 37 + index) % 250)"
    }

    static func isLoopbackIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }

    func problems() -> [String] {
        var problems: [String] = []
        if !(1...10_000).contains(sources) { problems.append("bots.sources: must be from 1 to 10000") }
        if !["fixed", "mimic"].contains(cadence) { problems.append("bots.cadence: must be fixed or mimic") }
        if !(0...0.9).contains(lead) { problems.append("bots.lead: must be from 0 to 0.9") }
        if count < 0 || identitiesEach < 1 || count * identitiesEach > 100_000 {
            problems.append("bots: count >= 0 and identities_each >= 1, at most 100000 identities in all")
        }
        if !(10...60_000).contains(pollIntervalMs) { problems.append("bots.poll_interval_ms: must be from 10 to 60000") }
        if !Self.isLoopbackIPv4(source) { problems.append("bots.source: must be one loopback IPv4 address (127.x.y.z): the bots' sockets are bound to it") }
        return problems
    }
}

extension AttackSettings: Decodable {
    static let keys = ["arrive_at_seconds", "token_forgers", "double_spenders", "concurrent_commits", "early_checkout", "early_checkout_at_seconds"]

    public init(from decoder: any Decoder) throws {
        let object = try decoder.profileObject(allowed: Self.keys)
        arriveAtSeconds = try object.value("arrive_at_seconds", or: arriveAtSeconds)
        tokenForgers = try object.value("token_forgers", or: tokenForgers)
        doubleSpenders = try object.value("double_spenders", or: doubleSpenders)
        concurrentCommits = try object.value("concurrent_commits", or: concurrentCommits)
        earlyCheckout = try object.value("early_checkout", or: earlyCheckout)
        earlyCheckoutAtSeconds = try object.value("early_checkout_at_seconds", or: earlyCheckoutAtSeconds)
    }

    func problems() -> [String] {
        var problems: [String] = []
        if [tokenForgers, doubleSpenders, earlyCheckout].contains(where: { !(0...10_000).contains($0) }) {
            problems.append("attacks: token_forgers, double_spenders and early_checkout must be from 0 to 10000")
        }
        if !(2...64).contains(concurrentCommits) { problems.append("attacks.concurrent_commits: must be from 2 to 64") }
        if arriveAtSeconds < 0 || earlyCheckoutAtSeconds < 0 { problems.append("attacks: times must not be negative") }
        return problems
    }
}
