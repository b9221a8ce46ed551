/// The Redis keys of one sale. Every key carries the hash tag `{sale}`, so a sale's scripts
/// touch one Redis Cluster slot. `Scripts/lib.lua` documents what each key holds.
public struct SaleKeys: Sendable, Hashable {
    /// The sale's id.
    public let saleID: String
    /// `fg:{sale}:`, the prefix of every key of the sale.
    public let prefix: String

    /// The keys of sale `saleID` (a valid sale id: no braces, colons or spaces).
    public init(saleID: String) {
        self.saleID = saleID
        self.prefix = "fg:{\(saleID)}:"
    }

    /// The control hash: state, timing, admission cursor and settings.
    public var control: String { prefix + "ctl" }
    /// The sale definition as JSON.
    public var definition: String { prefix + "def" }
    /// Stock counters per SKU.
    public var inventory: String { prefix + "inv" }
    /// Funnel counters.
    public var counters: String { prefix + "counters" }
    /// Live reservations by expiry time.
    public var expiry: String { prefix + "expiry" }
    /// Orders by commit time (`order:reservation` members).
    public var orders: String { prefix + "orders" }
    /// Every stock change, in order.
    public var ledger: String { prefix + "ledger" }
    /// Operator and guard actions.
    public var audit: String { prefix + "audit" }
    /// The simulated payment gateway's record of attempts.
    public var payments: String { prefix + "payments" }

    /// Held while an archive of the sale is being written.
    public var archiveLock: String { prefix + "archiving" }

    /// One reservation.
    public func reservation(_ id: String) -> String { prefix + "res:" + id }
    /// A commit's Idempotency-Key and its stored answer.
    public func idempotency(_ key: String) -> String { prefix + "idem:" + key }
    /// A used proof-of-work challenge.
    public func challenge(_ id: String) -> String { prefix + "pow:" + id }

    /// The set of every sale's id (not hash-tagged: touched alone).
    public static let index = "fg:sales"
    /// The daemons' shared secret for signing tokens and challenges.
    public static let secret = "fg:secret"
}
