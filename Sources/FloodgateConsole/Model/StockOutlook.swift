import FloodgateCore

/// Where each SKU's stock is heading: its sell-through, how fast its available units go and when
/// it sells out at that pace, most urgent first.
///
/// The pace is the larger of the sales rate and the recent fall of `available` (reservations take
/// units before sales do), over the last ten snapshots (telemetry comes once a second).
public struct StockOutlook: Sendable, Hashable {
    /// A SKU's text tag, so urgency never depends on colour.
    public enum Tag: String, Sendable, Hashable {
        case low = "LOW"
        case soldOut = "SOLD OUT"
    }

    /// One SKU, or the total of all of them.
    public struct Item: Sendable, Hashable {
        public var name: String
        public var available, reserved, sold, stock: Int
        public var soldPerSecond: Double
        /// Units of `available` gone a second (sales or reservations), never negative.
        public var pacePerSecond: Double
        /// Seconds until `available` reaches 0 at ``pacePerSecond``; nil when it does not fall.
        public var etaSeconds: Int?

        /// Sold units as a share of the stock.
        public var sellThrough: Double { stock > 0 ? Double(sold) / Double(stock) : 0 }

        /// `SOLD OUT` when nothing is left to buy, `LOW` at a tenth of the stock or a minute from selling out.
        public var tag: Tag? {
            if available <= 0 { return .soldOut }
            if available * 10 <= stock || (etaSeconds ?? .max) <= 60 { return .low }
            return nil
        }
    }

    /// The SKUs: the soonest to sell out first, then those that do not fall by sell-through, sold out last.
    public var items: [Item]
    /// All SKUs together; its ETA is when the last one sells out.
    public var total: Item

    /// The outlook of the latest snapshot in `history`.
    public init(history: TelemetryHistory) {
        let skus = history.latest?.skus ?? []
        let window = Array(history.snapshots.suffix(11))
        items = skus.map { sku in
            let first = window.first?.skus.first { $0.sku == sku.sku }
            let fall = first.map { Double($0.available - sku.available) / Double(max(1, window.count - 1)) } ?? 0
            let pace = max(0, fall, sku.soldPerSecond)
            return Item(name: sku.sku, available: sku.available, reserved: sku.reserved, sold: sku.sold, stock: sku.initial + sku.added,
                        soldPerSecond: sku.soldPerSecond, pacePerSecond: pace, etaSeconds: Self.eta(available: sku.available, pace: pace))
        }.sorted(by: Self.moreUrgent)
        let open = items.filter { $0.available > 0 }
        total = Item(
            name: "all", available: items.reduce(0) { $0 + $1.available }, reserved: items.reduce(0) { $0 + $1.reserved },
            sold: items.reduce(0) { $0 + $1.sold }, stock: items.reduce(0) { $0 + $1.stock },
            soldPerSecond: items.reduce(0) { $0 + $1.soldPerSecond }, pacePerSecond: items.reduce(0) { $0 + $1.pacePerSecond },
            etaSeconds: open.contains { $0.etaSeconds == nil } ? nil : (open.map { $0.etaSeconds ?? 0 }.max() ?? 0))
    }

    /// The SKU that sells out first among those not sold out yet.
    public var soonest: Item? { items.first { $0.available > 0 && $0.etaSeconds != nil } }

    private static func eta(available: Int, pace: Double) -> Int? {
        guard available > 0 else { return 0 }
        guard pace > 0 else { return nil }
        return Int(saturating: (Double(available) / pace).rounded(.up))
    }

    private static func moreUrgent(_ a: Item, _ b: Item) -> Bool {
        let rank = { (item: Item) in item.available <= 0 ? 2 : (item.etaSeconds == nil ? 1 : 0) }
        if rank(a) != rank(b) { return rank(a) < rank(b) }
        if let x = a.etaSeconds, let y = b.etaSeconds, x != y, rank(a) == 0 { return x < y }
        if a.sellThrough != b.sellThrough { return a.sellThrough > b.sellThrough }
        return a.name < b.name
    }
}
