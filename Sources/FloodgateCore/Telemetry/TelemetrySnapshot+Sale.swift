/// The sale's own figures in the telemetry snapshot, read from Redis: the waiting room, stock,
/// reservations, the funnel, payments, stock conservation and the audit trail.
extension TelemetrySnapshot {
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
