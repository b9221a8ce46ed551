import FloodgateCore
import FloodgateRedis
import Foundation

extension SaleEngine {
    /// How many records one archive page reads.
    static let archivePageSize = 1_000

    /// Checks that `saleID` can be archived (closed, no live reservation: reserved or being paid
    /// for) and takes the archive lock (two minutes). A closed sale accepts no new reservation,
    /// so none appears after this.
    /// - Returns: the earlier archive when the sale was archived already (lock not taken).
    /// - Throws: ``SaleEngineError`` for an unknown, open or busy sale.
    public func beginArchive(saleID: String) async throws -> ArchivedSale? {
        guard SaleDefinition.isValidID(saleID) else { throw SaleEngineError.unknownSale(saleID) }
        let keys = SaleKeys(saleID: saleID)
        if let done = try await archived(keys) { return done }
        guard let status = try await status(of: saleID) else { throw SaleEngineError.unknownSale(saleID) }
        guard status.state == .closed else { throw SaleEngineError.saleNotClosed(saleID, state: status.state) }
        let live = try await count(["ZCARD", keys.expiry]) + count(["ZCARD", keys.paying])
        guard live == 0 else { throw SaleEngineError.reservationsLive(saleID, count: Int(live)) }
        let lock = try await command(["SET", keys.archiveLock, "1", "NX", "PX", "120000"])
        guard lock.string == "OK" else { throw SaleEngineError.archiveInProgress(saleID) }
        return nil
    }

    /// One page of an archive section, from `cursor` (nil: the start).
    public func archivePage(saleID: String, section: ArchiveSection, cursor: String?) async throws -> ArchivePage {
        let keys = SaleKeys(saleID: saleID)
        switch section {
        case .ledger: return try await streamPage(keys.ledger, after: cursor)
        case .audit: return try await streamPage(keys.audit, after: cursor)
        case .orders:
            guard let index = Int(cursor ?? "0") else { throw SaleEngineError.protocolDrift("orders page cursor \(cursor ?? "")") }
            return try await ordersPage(keys, from: index)
        case .payments: return try await paymentsPage(keys.payments, cursor: cursor ?? "0")
        }
    }

    /// Marks the sale archived (files in `directory`), takes it off the sale index, and expires
    /// every key of the sale after `graceSeconds` (0: unlinks them now). From the mark on, the
    /// scripts write no key of the sale (`sale_gone` in `lib.lua`), so none outlives the grace.
    ///
    /// The keys are found with SCAN: reservations, Idempotency-Key records and proof-of-work
    /// challenges are not enumerable from the sale's other keys. All carry the sale's hash tag,
    /// so in a Redis Cluster they sit on the one node that owns its slot, which the SCAN must go to.
    /// - Returns: how many keys were expired or unlinked.
    public func retire(saleID: String, directory: String, graceSeconds: Int) async throws -> Int {
        let keys = SaleKeys(saleID: saleID)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        _ = try await command(["HSET", keys.control, "archived_ms", String(now), "archive_dir", directory])
        _ = try await command(["SREM", SaleKeys.index, saleID])
        var cursor = "0"
        var count = 0
        repeat {
            let reply = try await command(["SCAN", cursor, "MATCH", keys.prefix + "*", "COUNT", "1000"])
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let found = parts[1].array else {
                throw SaleEngineError.protocolDrift("SCAN: unexpected reply \(reply)")
            }
            for key in found.compactMap(\.string) {
                _ = try await command(graceSeconds > 0 ? ["EXPIRE", key, String(graceSeconds)] : ["UNLINK", key])
                count += 1
            }
            cursor = next
        } while cursor != "0"
        return count
    }

    /// Releases the archive lock after a failed archive.
    public func abandonArchive(saleID: String) async throws {
        _ = try await command(["DEL", SaleKeys(saleID: saleID).archiveLock])
    }

    private func archived(_ keys: SaleKeys) async throws -> ArchivedSale? {
        let fields = try await command(["HMGET", keys.control, "archived_ms", "archive_dir"]).array
        guard let fields, fields.count == 2 else { throw SaleEngineError.protocolDrift("HMGET \(keys.control): \(String(describing: fields))") }
        guard let at = fields[0].string else { return nil }
        guard let ms = Int64(at), let directory = fields[1].string else {
            throw SaleEngineError.protocolDrift("\(keys.control): malformed archived_ms/archive_dir")
        }
        return ArchivedSale(directory: directory, archivedAtMs: ms)
    }

    private func streamPage(_ key: String, after cursor: String?) async throws -> ArchivePage {
        let start = cursor.map { "(" + $0 } ?? "-"
        let reply = try await command(["XRANGE", key, start, "+", "COUNT", String(Self.archivePageSize)])
        guard let entries = reply.array else { throw SaleEngineError.protocolDrift("XRANGE \(key): \(reply)") }
        var records: [ArchiveRecord] = []
        for entry in entries {
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string, let fields = parts[1].array else {
                throw SaleEngineError.protocolDrift("\(key): malformed stream entry")
            }
            records.append([("id", id)] + (try pairs(.array(fields), "\(key) entry \(id)")).map { (name: $0.0, value: $0.1) })
        }
        let next = records.count == Self.archivePageSize ? records.last?.first?.value : nil
        return ArchivePage(records: records, next: next)
    }

    private func ordersPage(_ keys: SaleKeys, from index: Int) async throws -> ArchivePage {
        let stop = index + Self.archivePageSize - 1
        var records: [ArchiveRecord] = []
        for (member, score) in try pairs(try await command(["ZRANGE", keys.orders, String(index), String(stop), "WITHSCORES"]), "ZRANGE \(keys.orders)") {
            guard let colon = member.firstIndex(of: ":") else { throw SaleEngineError.protocolDrift("\(keys.orders): malformed member \(member)") }
            let order = String(member[..<colon]), reservation = String(member[member.index(after: colon)...])
            // A committed reservation holds every one of these fields.
            let values = try strings(try await command(["HMGET", keys.reservation(reservation), "user", "sku", "qty", "status", "attempt"]),
                                     "order \(order): reservation \(reservation)")
            records.append([("order_id", order), ("reservation_id", reservation), ("committed_ms", score)]
                + zip(["user", "sku", "qty", "status", "attempt"], values).map { ($0, $1) })
        }
        let next = records.count == Self.archivePageSize ? String(stop + 1) : nil
        return ArchivePage(records: records, next: next)
    }

    private func paymentsPage(_ key: String, cursor: String) async throws -> ArchivePage {
        let reply = try await command(["HSCAN", key, cursor, "COUNT", String(Self.archivePageSize)])
        guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let fields = parts[1].array else {
            throw SaleEngineError.protocolDrift("HSCAN \(key): unexpected reply \(reply)")
        }
        let records: [ArchiveRecord] = try pairs(.array(fields), "HSCAN \(key)").map { [("attempt", $0.0), ("outcome", $0.1)] }
        return ArchivePage(records: records, next: next == "0" ? nil : next)
    }
}

extension SaleEngine {
    /// Whether a sale is closed and not archived yet, and its `ends_at` (ms, 0 when it has none).
    /// Only reads: nothing is written for a sale whose keys are gone.
    /// - Returns: nil for a sale that is not closed, already archived, or unknown.
    public func closedEnd(saleID: String) async throws -> Int64? {
        let control = SaleKeys(saleID: saleID).control
        let reply = try await command(["HMGET", control, "state", "ends_at_ms", "archived_ms"])
        guard let fields = reply.array, fields.count == 3 else { throw SaleEngineError.protocolDrift("HMGET \(control): \(reply)") }
        guard fields[0].string == SaleState.closed.rawValue, fields[2].string == nil else { return nil }
        guard let ends = fields[1].string.flatMap({ Int64($0) }) else { throw SaleEngineError.protocolDrift("\(control): malformed ends_at_ms") }
        return ends
    }
}
