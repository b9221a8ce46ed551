import Foundation

/// A flash sale as an operator defines it in a sale file or in `POST /admin/sales`.
///
/// Build one with `parse(json:now:)` (which reports every problem at once) or with the memberwise
/// initializer followed by `validate()`. Encoding produces the same snake_case JSON with RFC 3339
/// timestamps, so a parsed definition round-trips. Times are kept to whole seconds.
public struct SaleDefinition: Sendable, Hashable {
    /// One stock-keeping unit and its initial stock.
    public struct SKU: Sendable, Hashable, Encodable {
        /// The SKU name; the same format as a sale id.
        public var sku: String
        /// Units on sale at the start, 0...10,000,000.
        public var stock: Int

        /// Creates a SKU with its initial stock.
        public init(sku: String, stock: Int) {
            self.sku = sku
            self.stock = stock
        }
    }

    /// The payment gateway adapter and, for the simulated one, its fault injection.
    public struct Payment: Sendable, Hashable, Encodable {
        /// The available gateway adapters.
        public enum Gateway: String, Sendable, Hashable, Codable, CaseIterable {
            /// The built-in simulated gateway, with configurable failures and latency.
            case simulated
        }

        /// Which gateway takes payments; default `simulated`.
        public var gateway: Gateway
        /// The share of payments the simulated gateway declines, 0...1; default 0.
        public var failureRate: Double
        /// How long the simulated gateway takes to answer, 0...60,000 ms; default 50.
        public var latencyMs: Int

        /// Creates payment settings; the defaults are a simulated gateway that always succeeds in 50 ms.
        public init(gateway: Gateway = .simulated, failureRate: Double = 0, latencyMs: Int = 50) {
            self.gateway = gateway
            self.failureRate = failureRate
            self.latencyMs = latencyMs
        }

        private enum CodingKeys: String, CodingKey {
            case gateway
            case failureRate = "failure_rate"
            case latencyMs = "latency_ms"
        }
    }

    /// The sale id; goes into Redis key names, see `isValidID(_:)`.
    public var id: String
    /// A name for people; default the id.
    public var name: String
    /// The SKUs on sale, at least one, names unique.
    public var skus: [SKU]
    /// When checkout opens; default the time of creation.
    public var startsAt: Date
    /// When pre-registration opens, at or before `startsAt`; `nil` means registration opens at the start.
    public var prequeueOpensAt: Date?
    /// When the sale closes by itself, after `startsAt`; `nil` means it runs until closed or sold out.
    public var endsAt: Date?
    /// FIFO or lottery ordering of the queue; default FIFO.
    public var fairness: Fairness
    /// Shoppers admitted a second, greater than 0 and at most 100,000; default 50.
    public var admitPerSecond: Double
    /// Units one shopper may buy in this sale, 1...1000; default 1.
    public var perUserLimit: Int
    /// How long a reservation holds its stock, 5...3600 s; default 120.
    public var reservationTTLSeconds: Int
    /// How long an admitted shopper may take to reserve, 10...86,400 s; default 300.
    public var admissionWindowSeconds: Int
    /// Proof-of-work leading zero bits asked at registration, 0...32 (0 = none); default 0.
    public var powDifficulty: Int
    /// How far admission may run ahead of buyable stock: admitted shoppers still waiting to buy stay
    /// at most `admissionFactor × (available + reserved)`. Greater than 0 and at most 100; default 2.
    public var admissionFactor: Double
    /// The payment gateway; default simulated, no failures, 50 ms.
    public var payment: Payment
    /// What the sale does about bots; default a dry run (see ``BotPolicy``).
    public var botPolicy = BotPolicy()
    /// The shop's identity assertions asked at registration; nil (the default) asks none.
    public var identity: IdentitySettings?
    /// Where the waiting-room page sends an admitted shopper (an `http`/`https` URL; the page
    /// posts the queue token to it as the form field `queue_token`); nil (the default) shows the
    /// page's built-in reserve and buy form.
    public var checkoutURL: String?
    /// The automatic guards' settings; default every guard's documented defaults.
    public var guards = GuardConfiguration()
    /// How admission is set (fixed or adaptive) and its floor and ceiling; default fixed.
    public var admission = AdmissionSettings()

    /// Creates a definition; every parameter after `startsAt` has the documented default.
    public init(
        id: String,
        name: String? = nil,
        skus: [SKU],
        startsAt: Date,
        prequeueOpensAt: Date? = nil,
        endsAt: Date? = nil,
        fairness: Fairness = .fifo,
        admitPerSecond: Double = 50,
        perUserLimit: Int = 1,
        reservationTTLSeconds: Int = 120,
        admissionWindowSeconds: Int = 300,
        powDifficulty: Int = 0,
        admissionFactor: Double = 2,
        payment: Payment = Payment()
    ) {
        self.id = id
        self.name = name ?? id
        self.skus = skus
        self.startsAt = startsAt
        self.prequeueOpensAt = prequeueOpensAt
        self.endsAt = endsAt
        self.fairness = fairness
        self.admitPerSecond = admitPerSecond
        self.perUserLimit = perUserLimit
        self.reservationTTLSeconds = reservationTTLSeconds
        self.admissionWindowSeconds = admissionWindowSeconds
        self.powDifficulty = powDifficulty
        self.admissionFactor = admissionFactor
        self.payment = payment
    }
}

extension SaleDefinition: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, skus, fairness, payment
        case startsAt = "starts_at"
        case prequeueOpensAt = "prequeue_opens_at"
        case endsAt = "ends_at"
        case admitPerSecond = "admit_per_second"
        case perUserLimit = "per_user_limit"
        case reservationTTLSeconds = "reservation_ttl_seconds"
        case admissionWindowSeconds = "admission_window_seconds"
        case powDifficulty = "pow_difficulty"
        case admissionFactor = "admission_factor"
        case botPolicy = "bot_policy"
        case identity, guards, admission
        case checkoutURL = "checkout_url"
    }

    /// The `Decoder.userInfo` key for the `Date` that stands for "now" (the default `starts_at`).
    /// Without it, decoding uses the current time; prefer `parse(json:now:)`.
    public static let nowUserInfoKey = CodingUserInfoKey(rawValue: "floodgate.saleDefinition.now")!

    /// Decodes and validates a definition, throwing `SaleDefinitionError` with every problem found.
    public init(from decoder: any Decoder) throws {
        let now = decoder.userInfo[Self.nowUserInfoKey] as? Date ?? Date()
        self = try Self.parse(value: JSONValue(from: decoder), now: now)
    }

    /// Encodes snake_case keys with RFC 3339 timestamps; absent optional times are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(skus, forKey: .skus)
        try container.encode(RFC3339.format(startsAt), forKey: .startsAt)
        try container.encodeIfPresent(prequeueOpensAt.map(RFC3339.format), forKey: .prequeueOpensAt)
        try container.encodeIfPresent(endsAt.map(RFC3339.format), forKey: .endsAt)
        try container.encode(fairness, forKey: .fairness)
        try container.encode(admitPerSecond, forKey: .admitPerSecond)
        try container.encode(perUserLimit, forKey: .perUserLimit)
        try container.encode(reservationTTLSeconds, forKey: .reservationTTLSeconds)
        try container.encode(admissionWindowSeconds, forKey: .admissionWindowSeconds)
        try container.encode(powDifficulty, forKey: .powDifficulty)
        try container.encode(admissionFactor, forKey: .admissionFactor)
        try container.encode(payment, forKey: .payment)
        try container.encode(botPolicy, forKey: .botPolicy)
        try container.encodeIfPresent(identity, forKey: .identity)
        try container.encodeIfPresent(checkoutURL, forKey: .checkoutURL)
        try container.encode(guards, forKey: .guards)
        try container.encode(admission, forKey: .admission)
    }
}
