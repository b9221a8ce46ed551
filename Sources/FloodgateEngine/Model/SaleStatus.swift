import FloodgateCore

/// A sale's figures as `GET /admin/sales/{id}` answers them (snake_case JSON).
public struct SaleStatus: Sendable, Encodable {
    public var id: String
    public var name: String
    public var state: SaleState
    public var fairness: String
    public var admitPerSecond: Double
    public var queueLength: Int
    public var admittedThrough: Int
    public var registrationOpen: Bool
    /// The SHA-256 of the lottery seed, published before the start.
    public var lotterySeedSHA256: String
    /// The lottery seed itself, shown once the draw is made (nil before, and for FIFO).
    public var lotterySeed: String?
    /// Why the sale is paused (nil unless it is paused).
    public var pauseReason: String?
    /// Who paused it: the operator's actor (`admin@<address>`) or `guard:<name>` (nil unless paused).
    public var pausedBy: String?
    /// When it was paused, RFC 3339 (nil unless paused, and for pauses recorded before this field).
    public var pausedAt: String?
    public var payment: Payment
    public var skus: [SKU]
    public var counters: [String: Int]
    /// Payment attempts whose outcome is not settled yet (being paid, or unknown and waiting
    /// for the reconciliation pass).
    public var paymentsPending = 0

    /// One SKU's stock.
    public struct SKU: Sendable, Encodable, Hashable {
        public var sku: String
        public var initial: Int
        public var added: Int
        public var available: Int
        public var reserved: Int
        public var sold: Int
    }

    /// The simulated gateway's current settings.
    public struct Payment: Sendable, Encodable, Hashable {
        public var failureRate: Double
        public var latencyMs: Int

        enum CodingKeys: String, CodingKey {
            case failureRate = "failure_rate", latencyMs = "latency_ms"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, state, fairness, admitPerSecond = "admit_per_second", queueLength = "queue_length"
        case admittedThrough = "admitted_through", registrationOpen = "registration_open"
        case lotterySeedSHA256 = "lottery_seed_sha256", lotterySeed = "lottery_seed", pauseReason = "pause_reason"
        case pausedBy = "paused_by", pausedAt = "paused_at"
        case payment, skus, counters, paymentsPending = "payments_pending"
    }

    /// Encodes every key, with `null` for the seed before it is revealed and for the pause's
    /// reason, actor and time when the sale is not paused.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(state, forKey: .state)
        try container.encode(fairness, forKey: .fairness)
        try container.encode(admitPerSecond, forKey: .admitPerSecond)
        try container.encode(queueLength, forKey: .queueLength)
        try container.encode(admittedThrough, forKey: .admittedThrough)
        try container.encode(registrationOpen, forKey: .registrationOpen)
        try container.encode(lotterySeedSHA256, forKey: .lotterySeedSHA256)
        try container.encode(lotterySeed, forKey: .lotterySeed)
        try container.encode(pauseReason, forKey: .pauseReason)
        try container.encode(pausedBy, forKey: .pausedBy)
        try container.encode(pausedAt, forKey: .pausedAt)
        try container.encode(payment, forKey: .payment)
        try container.encode(skus, forKey: .skus)
        try container.encode(counters, forKey: .counters)
        try container.encode(paymentsPending, forKey: .paymentsPending)
    }

    /// Builds the status from the sale's control, inventory and counter hashes.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` when a figure is missing or malformed.
    init(id: String, control: [String: String], inventory: [String: String], counters: [String: String]) throws {
        func int(_ text: String?, _ what: String) throws -> Int {
            guard let text, let value = Int(text) else { throw SaleEngineError.protocolDrift("sale \(id): \(what) is \(text ?? "missing")") }
            return value
        }
        func number(_ text: String?, _ what: String) throws -> Double {
            guard let text, let value = Double(text), value.isFinite else { throw SaleEngineError.protocolDrift("sale \(id): \(what) is \(text ?? "missing")") }
            return value
        }
        func text(_ field: String) throws -> String {
            guard let text = control[field] else { throw SaleEngineError.protocolDrift("sale \(id): \(field) is missing") }
            return text
        }
        self.id = id
        self.name = try text("name")
        guard let state = SaleState(rawValue: try text("state")) else {
            throw SaleEngineError.protocolDrift("sale \(id): state is \(control["state"] ?? "missing")")
        }
        self.state = state
        self.fairness = try text("fairness")
        self.admitPerSecond = try number(control["admit_per_second"], "admit_per_second")
        let tickets = try int(control["tickets"], "tickets")
        self.admittedThrough = try int(control["admitted_through"], "admitted_through")
        self.queueLength = max(0, tickets - admittedThrough)
        self.registrationOpen = try int(control["registration_open"], "registration_open") == 1
        self.lotterySeedSHA256 = try text("seed_sha256")
        self.lotterySeed = fairness == "lottery" && control["drawn"] == "1" ? control["seed"] : nil
        let paused = state == .paused
        self.pauseReason = paused ? control["pause_reason"].flatMap { $0.isEmpty ? nil : $0 } : nil
        self.pausedBy = paused ? control["pause_actor"].flatMap { $0.isEmpty ? nil : $0 } : nil
        self.pausedAt = paused ? control["pause_since_ms"].flatMap(Int64.init).map { RFC3339.format(unixSeconds: $0 / 1000) } : nil
        self.payment = Payment(failureRate: try number(control["failure_rate"], "failure_rate"), latencyMs: try int(control["latency_ms"], "latency_ms"))
        self.skus = try text("skus").split(separator: ",").map(String.init).map { sku in
            SKU(
                sku: sku,
                initial: try int(inventory[sku + "|initial"], sku + "|initial"),
                added: try int(inventory[sku + "|added"], sku + "|added"),
                available: try int(inventory[sku + "|available"], sku + "|available"),
                reserved: try int(inventory[sku + "|reserved"], sku + "|reserved"),
                sold: try int(inventory[sku + "|sold"], sku + "|sold")
            )
        }
        self.counters = try counters.reduce(into: [:]) { $0[$1.key] = try int($1.value, "counter " + $1.key) }
    }

    /// The SKUs that break `initial + added = available + reserved + sold` or go negative,
    /// one line each; empty when the stock is conserved.
    public var conservationViolations: [String] {
        skus.compactMap { sku in
            let balanced = sku.initial + sku.added == sku.available + sku.reserved + sku.sold
            let nonNegative = sku.available >= 0 && sku.reserved >= 0 && sku.sold >= 0
            guard !balanced || !nonNegative else { return nil }
            return "\(sku.sku): initial \(sku.initial) + added \(sku.added) != available \(sku.available) + reserved \(sku.reserved) + sold \(sku.sold)"
        }
    }
}
