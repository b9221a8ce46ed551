/// What the war room watches, one JSON object a second on `GET /admin/sales/{id}/telemetry`
/// (server-sent events). The daemon builds it from Redis (sale state, stock, funnel, audit) and
/// from its own measurements (rates, latencies); the console renders it.
///
/// JSON keys are the snake_case names given in each type's `CodingKeys`; rates are per second
/// over the last few seconds; latencies are milliseconds.
public struct TelemetrySnapshot: Codable, Sendable, Hashable {
    public var saleID: String
    public var name: String
    /// A ``SaleState`` raw value.
    public var state: String
    /// `fifo` or `lottery`.
    public var fairness: String
    public var registrationOpen: Bool
    /// Why the sale is paused; nil unless it is.
    public var pauseReason: String?
    /// Who paused it: an operator's actor or `guard:<name>`; nil unless paused.
    public var pausedBy: String?
    /// When it was paused, RFC 3339; nil unless paused.
    public var pausedAt: String?
    /// When the daemon built the snapshot, RFC 3339.
    public var generatedAt: String
    /// When the sale starts (started), RFC 3339.
    public var startsAt: String?
    /// When the sale closes by itself, RFC 3339; nil when it runs until closed or sold out.
    public var endsAt: String?
    public var queue: Queue
    public var skus: [SKU]
    public var reservations: Reservations
    public var funnel: Funnel
    public var payments: Payments
    public var http: HTTP
    public var redis: Redis
    public var bots: Bots
    public var conservation: Conservation
    /// Alerts raised by the guards, newest first: active ones and the latest cleared.
    public var alerts: [GuardAlert]
    /// The latest audit entries, newest first.
    public var audit: [AuditEntry]
    /// Every daemon serving from this Redis (its registry), up or down; nil from daemons before the registry.
    public var daemons: [Daemon]?

    /// Creates a value from its parts.
    public init(saleID: String, name: String, state: String, fairness: String, registrationOpen: Bool, generatedAt: String, queue: Queue, skus: [SKU], reservations: Reservations, funnel: Funnel, payments: Payments, http: HTTP, redis: Redis, bots: Bots, conservation: Conservation, alerts: [GuardAlert], audit: [AuditEntry], pauseReason: String? = nil, pausedBy: String? = nil, pausedAt: String? = nil, startsAt: String? = nil, endsAt: String? = nil) {
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.saleID = saleID
        self.name = name
        self.state = state
        self.fairness = fairness
        self.registrationOpen = registrationOpen
        self.generatedAt = generatedAt
        self.queue = queue
        self.skus = skus
        self.reservations = reservations
        self.funnel = funnel
        self.payments = payments
        self.http = http
        self.redis = redis
        self.bots = bots
        self.conservation = conservation
        self.alerts = alerts
        self.audit = audit
        self.pauseReason = pauseReason
        self.pausedBy = pausedBy
        self.pausedAt = pausedAt
    }

    /// The active alerts, one line each, newest first.
    public var activeAlertLines: [String] { alerts.filter(\.isActive).map(\.line) }

    enum CodingKeys: String, CodingKey {
        case saleID = "sale_id", name, state, fairness, registrationOpen = "registration_open"
        case generatedAt = "generated_at", queue, skus, reservations, funnel, payments, http, redis, bots
        case conservation, alerts, audit, daemons
        case pauseReason = "pause_reason", pausedBy = "paused_by", pausedAt = "paused_at"
        case startsAt = "starts_at", endsAt = "ends_at"
    }
}
