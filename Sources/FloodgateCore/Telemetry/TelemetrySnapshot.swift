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

    /// The waiting room.
    public struct Queue: Codable, Sendable, Hashable {
        /// Shoppers registered and not yet admitted.
        public var length: Int
        public var registered: Int
        public var admittedThrough: Int
        public var admitPerSecond: Double
        public var arrivalsPerSecond: Double
        /// Seconds until the last registered shopper is admitted at the current rate; nil at rate 0.
        public var etaBackSeconds: Int?

        /// Creates a value from its parts.
        public init(length: Int, registered: Int, admittedThrough: Int, admitPerSecond: Double, arrivalsPerSecond: Double, etaBackSeconds: Int?) {
            self.length = length
            self.registered = registered
            self.admittedThrough = admittedThrough
            self.admitPerSecond = admitPerSecond
            self.arrivalsPerSecond = arrivalsPerSecond
            self.etaBackSeconds = etaBackSeconds
        }

        enum CodingKeys: String, CodingKey {
            case length, registered, admittedThrough = "admitted_through", admitPerSecond = "admit_per_second"
            case arrivalsPerSecond = "arrivals_per_second", etaBackSeconds = "eta_back_seconds"
        }
    }

    /// One SKU's stock: `initial + added = available + reserved + sold`.
    public struct SKU: Codable, Sendable, Hashable {
        public var sku: String
        public var initial: Int
        public var added: Int
        public var available: Int
        public var reserved: Int
        public var sold: Int
        public var soldPerSecond: Double

        /// Creates a value from its parts.
        public init(sku: String, initial: Int, added: Int, available: Int, reserved: Int, sold: Int, soldPerSecond: Double) {
            self.sku = sku
            self.initial = initial
            self.added = added
            self.available = available
            self.reserved = reserved
            self.sold = sold
            self.soldPerSecond = soldPerSecond
        }

        enum CodingKeys: String, CodingKey {
            case sku, initial, added, available, reserved, sold, soldPerSecond = "sold_per_second"
        }
    }

    /// Live reservations and how soon they expire.
    public struct Reservations: Codable, Sendable, Hashable {
        public var live: Int
        public var expiringIn10s: Int
        public var expiringIn30s: Int
        public var expiringIn60s: Int
        public var expiriesPerSecond: Double

        /// Creates a value from its parts.
        public init(live: Int, expiringIn10s: Int, expiringIn30s: Int, expiringIn60s: Int, expiriesPerSecond: Double) {
            self.live = live
            self.expiringIn10s = expiringIn10s
            self.expiringIn30s = expiringIn30s
            self.expiringIn60s = expiringIn60s
            self.expiriesPerSecond = expiriesPerSecond
        }

        enum CodingKeys: String, CodingKey {
            case live, expiringIn10s = "expiring_10s", expiringIn30s = "expiring_30s", expiringIn60s = "expiring_60s"
            case expiriesPerSecond = "expiries_per_second"
        }
    }

    /// The conversion funnel: totals and rates. Every reservation ends committed, cancelled,
    /// expired or released, or is still live: reserved = committed + cancelled + expired +
    /// released + live reservations.
    public struct Funnel: Codable, Sendable, Hashable {
        public var registered: Int
        public var admitted: Int
        public var reserved: Int
        public var committed: Int
        public var cancelled: Int
        public var expired: Int
        /// Reservations a rollback or a bot eviction released; nil from daemons that do not report it.
        public var released: Int?
        public var registeredPerSecond: Double
        public var admittedPerSecond: Double
        public var reservedPerSecond: Double
        public var committedPerSecond: Double

        /// Creates a value from its parts.
        public init(registered: Int, admitted: Int, reserved: Int, committed: Int, cancelled: Int, expired: Int, released: Int?, registeredPerSecond: Double, admittedPerSecond: Double, reservedPerSecond: Double, committedPerSecond: Double) {
            self.registered = registered
            self.admitted = admitted
            self.reserved = reserved
            self.committed = committed
            self.cancelled = cancelled
            self.expired = expired
            self.released = released
            self.registeredPerSecond = registeredPerSecond
            self.admittedPerSecond = admittedPerSecond
            self.reservedPerSecond = reservedPerSecond
            self.committedPerSecond = committedPerSecond
        }

        enum CodingKeys: String, CodingKey {
            case registered, admitted, reserved, committed, cancelled, expired, released
            case registeredPerSecond = "registered_per_second", admittedPerSecond = "admitted_per_second"
            case reservedPerSecond = "reserved_per_second", committedPerSecond = "committed_per_second"
        }
    }

    /// The payment gateway: outcomes and the simulated gateway's current settings.
    public struct Payments: Codable, Sendable, Hashable {
        public var attempts: Int
        public var failures: Int
        /// Successful share of the recent attempts, 0...1; nil before any attempt.
        public var successRate: Double?
        public var failureRateSetting: Double
        public var latencyMsSetting: Int
        /// Attempts whose outcome is not settled yet (being paid, or unknown and waiting for
        /// the reconciliation pass); nil from daemons that do not report it.
        public var pending: Int?
        /// Unknown attempts the reconciliation pass turned into orders, and those it found
        /// not charged (fenced off, the cart held again); nil from daemons that do not report it.
        public var reconciledOrders: Int?
        public var reconciledVoids: Int?

        /// Creates a value from its parts.
        public init(attempts: Int, failures: Int, successRate: Double?, failureRateSetting: Double, latencyMsSetting: Int,
                    pending: Int? = nil, reconciledOrders: Int? = nil, reconciledVoids: Int? = nil) {
            self.attempts = attempts
            self.failures = failures
            self.successRate = successRate
            self.failureRateSetting = failureRateSetting
            self.latencyMsSetting = latencyMsSetting
            self.pending = pending
            self.reconciledOrders = reconciledOrders
            self.reconciledVoids = reconciledVoids
        }

        enum CodingKeys: String, CodingKey {
            case attempts, failures, successRate = "success_rate"
            case failureRateSetting = "failure_rate_setting", latencyMsSetting = "latency_ms_setting"
            case pending, reconciledOrders = "reconciled_orders", reconciledVoids = "reconciled_voids"
        }
    }

    /// The daemon's HTTP traffic.
    public struct HTTP: Codable, Sendable, Hashable {
        public var requestsPerSecond: Double
        /// Share of 5xx responses recently, 0...1.
        public var errorRate: Double
        public var routes: [Route]

        /// Creates a value from its parts.
        public init(requestsPerSecond: Double, errorRate: Double, routes: [Route]) {
            self.requestsPerSecond = requestsPerSecond
            self.errorRate = errorRate
            self.routes = routes
        }

        enum CodingKeys: String, CodingKey {
            case requestsPerSecond = "requests_per_second", errorRate = "error_rate", routes
        }

        /// One route, such as `POST /checkout/reserve`.
        public struct Route: Codable, Sendable, Hashable {
            public var route: String
            public var requestsPerSecond: Double
            public var p50Ms: Double
            public var p99Ms: Double
            public var errorRate: Double

            /// Creates a value from its parts.
            public init(route: String, requestsPerSecond: Double, p50Ms: Double, p99Ms: Double, errorRate: Double) {
                self.route = route
                self.requestsPerSecond = requestsPerSecond
                self.p50Ms = p50Ms
                self.p99Ms = p99Ms
                self.errorRate = errorRate
            }

            enum CodingKeys: String, CodingKey {
                case route, requestsPerSecond = "requests_per_second", p50Ms = "p50_ms", p99Ms = "p99_ms", errorRate = "error_rate"
            }
        }
    }

    /// The daemon's view of Redis.
    public struct Redis: Codable, Sendable, Hashable {
        public var connected: Bool
        public var p50Ms: Double
        public var p99Ms: Double
        /// On a Redis Cluster, its primaries; absent on a single server.
        public var nodes: [Node]?

        /// One primary of a Redis Cluster.
        public struct Node: Codable, Sendable, Hashable {
            /// `host:port`.
            public var address: String
            /// Whether it answered PING.
            public var up: Bool
            /// How long PING took, when it answered.
            public var latencyMs: Double?
            /// Its replicas' `host:port`.
            public var replicas: [String]

            /// Creates a value from its parts.
            public init(address: String, up: Bool, latencyMs: Double?, replicas: [String]) {
                self.address = address
                self.up = up
                self.latencyMs = latencyMs
                self.replicas = replicas
            }

            enum CodingKeys: String, CodingKey {
                case address, up, replicas, latencyMs = "latency_ms"
            }
        }

        /// Creates a value from its parts.
        public init(connected: Bool, p50Ms: Double, p99Ms: Double, nodes: [Node]? = nil) {
            self.connected = connected
            self.p50Ms = p50Ms
            self.p99Ms = p99Ms
            self.nodes = nodes
        }

        enum CodingKeys: String, CodingKey {
            case connected, nodes, p50Ms = "p50_ms", p99Ms = "p99_ms"
        }
    }

    /// Bot defenses; empty until they report.
    public struct Bots: Codable, Sendable, Hashable {
        public var blocked: Int
        /// Counts of sources by bot score, ten buckets from 0.0-0.1 to 0.9-1.0.
        public var scoreHistogram: [Int]
        public var topOffenders: [Offender]
        /// The bot defense of the sale: sessions held now and evicted, the policy's mode
        /// (`observe` or `enforce`), units held or bought by flagged sessions.
        public var held: Int?
        public var evicted: Int?
        public var mode: String?
        public var unitsFlagged: Int?

        /// Creates a value from its parts.
        public init(blocked: Int, scoreHistogram: [Int], topOffenders: [Offender], held: Int? = nil, evicted: Int? = nil,
                    mode: String? = nil, unitsFlagged: Int? = nil) {
            self.blocked = blocked
            self.scoreHistogram = scoreHistogram
            self.topOffenders = topOffenders
            self.held = held
            self.evicted = evicted
            self.mode = mode
            self.unitsFlagged = unitsFlagged
        }

        enum CodingKeys: String, CodingKey {
            case blocked, scoreHistogram = "score_histogram", topOffenders = "top_offenders"
            case held, evicted, mode, unitsFlagged = "units_flagged"
        }

        /// A source with a high bot score.
        public struct Offender: Codable, Sendable, Hashable {
            public var source: String
            public var score: Double
            public var requests: Int
            /// The strongest signal of its top session, and its client fingerprint.
            public var mainSignal: String?
            public var fingerprint: String?
            /// Creates a value from its parts.
            public init(source: String, score: Double, requests: Int, mainSignal: String? = nil, fingerprint: String? = nil) {
                self.source = source
                self.score = score
                self.requests = requests
                self.mainSignal = mainSignal
                self.fingerprint = fingerprint
            }

            enum CodingKeys: String, CodingKey {
                case source, score, requests, fingerprint, mainSignal = "main_signal"
            }

        }
    }

    /// The daemon's last conservation check.
    public struct Conservation: Codable, Sendable, Hashable {
        public var ok: Bool
        /// One line per SKU that broke `initial + added = available + reserved + sold` or went negative.
        public var violations: [String]
        /// Creates a value from its parts.
        public init(ok: Bool, violations: [String]) {
            self.ok = ok
            self.violations = violations
        }

    }

    /// One operator or guard action.
    public struct AuditEntry: Codable, Sendable, Hashable {
        public var id: String
        /// RFC 3339.
        public var at: String
        /// `admin` (with the caller's address) or `guard:<name>`.
        public var actor: String
        public var action: String
        public var detail: String
        /// `ok` or the error code.
        public var result: String
        /// Creates a value from its parts.
        public init(id: String, at: String, actor: String, action: String, detail: String, result: String) {
            self.id = id
            self.at = at
            self.actor = actor
            self.action = action
            self.detail = detail
            self.result = result
        }

    }
}
