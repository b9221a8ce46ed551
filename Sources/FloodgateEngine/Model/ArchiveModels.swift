import FloodgateCore

/// What an archive holds: one JSON Lines file each.
public enum ArchiveSection: String, Sendable, CaseIterable {
    /// Every stock change (`fg:{S}:ledger`), oldest first.
    case ledger
    /// Every order (`fg:{S}:orders` with its reservation), by commit time.
    case orders
    /// Every operator and guard action (`fg:{S}:audit`), oldest first.
    case audit
    /// Every payment attempt the simulated gateway recorded (`fg:{S}:payments`).
    case payments
}

/// One archived record: its fields in order, every value text as Redis holds it.
public typealias ArchiveRecord = [(name: String, value: String)]

/// A page of an archive section and where the next page starts (nil at the end).
public struct ArchivePage: Sendable {
    public let records: [ArchiveRecord]
    public let next: String?
}

/// A sale the archive has already retired: where its files went and when.
public struct ArchivedSale: Sendable, Equatable {
    public let directory: String
    public let archivedAtMs: Int64
}
