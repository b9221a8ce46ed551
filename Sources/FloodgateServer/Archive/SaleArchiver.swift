import FloodgateCore
import FloodgateEngine
import Foundation

/// Archives a closed sale: writes its ledger, orders, audit trail and payment attempts as JSON
/// Lines files in `<data-dir>/archive/<sale>/`, then expires every key of the sale in Redis
/// after a grace period (0: at once). Archiving again answers where the files went.
struct SaleArchiver: Sendable {
    let engine: SaleEngine
    /// `<data-dir>/archive`.
    let root: String
    /// How long the sale's keys live after the archive, in seconds (0 unlinks them at once).
    let graceSeconds: Int

    /// What an archive did, as `POST /admin/sales/{id}/archive` answers it.
    struct Summary: Encodable, Sendable {
        let saleID: String
        let directory: String
        let archivedAt: String
        let alreadyArchived: Bool
        /// Lines per file (empty when archived before).
        let files: [String: Int]
        /// Keys expired or unlinked, and when they go.
        let keys: Int
        let keysExpireInSeconds: Int

        enum CodingKeys: String, CodingKey {
            case saleID = "sale_id", directory, archivedAt = "archived_at", alreadyArchived = "already_archived"
            case files, keys, keysExpireInSeconds = "keys_expire_in_seconds"
        }
    }

    /// Archives `saleID`, audited as `archive` by `actor` (also when refused or failed).
    /// - Throws: ``FloodgateEngine/SaleEngineError`` for an unknown, open or busy sale.
    func archive(_ saleID: String, actor: String) async throws -> Summary {
        let earlier: ArchivedSale?
        do {
            earlier = try await engine.beginArchive(saleID: saleID)
        } catch let error as SaleEngineError {
            if case .unknownSale = error {} else {
                try await engine.audit(saleID: saleID, actor: actor, action: "archive", detail: "", result: APIError(error).code)
            }
            throw error
        }
        if let earlier {
            return Summary(saleID: saleID, directory: earlier.directory, archivedAt: Self.time(earlier.archivedAtMs),
                           alreadyArchived: true, files: [:], keys: 0, keysExpireInSeconds: 0)
        }
        let directory = root + "/" + saleID
        let files: [String: Int]
        do {
            files = try await write(saleID, to: directory, actor: actor)
        } catch {
            try? await engine.abandonArchive(saleID: saleID)
            try? await engine.audit(saleID: saleID, actor: actor, action: "archive", detail: "\(error)", result: "archive_failed")
            throw error
        }
        let keys = try await engine.retire(saleID: saleID, directory: directory, graceSeconds: graceSeconds)
        return Summary(saleID: saleID, directory: directory, archivedAt: RFC3339.format(Date()), alreadyArchived: false,
                       files: files, keys: keys, keysExpireInSeconds: graceSeconds)
    }

    /// Writes every section; the audit last, after the archive's own audit entry.
    private func write(_ saleID: String, to directory: String, actor: String) async throws -> [String: Int] {
        try await JSONLinesFile.makeDirectory(directory)
        var files: [JSONLinesFile] = []
        var lines: [String: Int] = [:]
        do {
            for section in ArchiveSection.allCases {
                if section == .audit {
                    try await engine.audit(saleID: saleID, actor: actor, action: "archive", detail: "directory=\(directory)", result: "ok")
                }
                let file = try await JSONLinesFile.create(directory + "/" + section.rawValue + ".jsonl")
                files.append(file)
                lines[section.rawValue + ".jsonl"] = try await copy(section, of: saleID, into: file)
            }
            while let file = files.first {
                try await file.finish()
                files.removeFirst()
            }
        } catch {
            for file in files { await file.discard() }
            throw error
        }
        return lines
    }

    private func copy(_ section: ArchiveSection, of saleID: String, into file: JSONLinesFile) async throws -> Int {
        var cursor: String?
        var count = 0
        repeat {
            let page = try await engine.archivePage(saleID: saleID, section: section, cursor: cursor)
            try await file.append(page.records)
            count += page.records.count
            cursor = page.next
        } while cursor != nil
        return count
    }

    private static func time(_ ms: Int64) -> String {
        RFC3339.format(Date(timeIntervalSince1970: TimeInterval(ms) / 1000))
    }
}
