/// The Redis keys of one sale. Every key carries the hash tag `{sale}`, so a sale's scripts
/// touch one Redis Cluster slot. `Scripts/lib.lua` documents what each key holds; every script
/// receives every key it touches in KEYS (`SaleKeys+Scripts.swift` lists them per script).
///
/// The keys of no one sale carry the one hash tag `{global}` (``index``, ``secret``, ``daemons``); before
/// that tag they were `fg:sales` and `fg:secret`, which ``SaleEngine/migrateLegacyKeys()`` moves.
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
    /// Registered users and their tickets.
    public var users: String { prefix + "users" }
    /// Units each user holds (reserved or bought), for the per-user limit.
    public var held: String { prefix + "held" }
    /// The admission cursor's history.
    public var admits: String { prefix + "admits" }
    /// Funnel counters.
    public var counters: String { prefix + "counters" }
    /// Reserved (not paying) reservations by expiry time on the sale's clock.
    public var expiry: String { prefix + "expiry" }
    /// Reservations being paid for, by when their attempt is to be reconciled.
    public var paying: String { prefix + "paying" }
    /// Payment attempts whose charge must not stand, waiting to be voided.
    public var voids: String { prefix + "voids" }
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
    /// One user's commit Idempotency-Key: its attempt and its stored answer. Scoped by sale and
    /// user (`idem:<length of user>:<user>:<key>`, unambiguous whatever the two contain).
    public func idempotency(user: String, key: String) -> String {
        prefix + "idem:\(user.utf8.count):\(user):\(key)"
    }
    /// A used proof-of-work challenge.
    public func challenge(_ id: String) -> String { prefix + "pow:" + id }

    /// The hash tag of the keys that belong to no one sale (one slot in a cluster).
    public static let globalTag = "{global}"
    /// The set of every sale's id.
    public static let index = "fg:\(globalTag):sales"
    /// The daemons' shared secret for signing tokens and challenges.
    public static let secret = "fg:\(globalTag):secret"
    /// The daemons' registry: daemon id → its latest heartbeat (``DaemonHeartbeat`` as JSON).
    public static let daemons = "fg:\(globalTag):daemons"
    /// The names ``index`` and ``secret`` had before the `{global}` tag.
    public static let legacyIndex = "fg:sales", legacySecret = "fg:secret"
}
