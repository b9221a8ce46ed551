import FloodgateEngine
import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Archives every closed sale automatically once it has been closed for the retention period
/// (`--archive-after`, 24 hours by default), checking each sale this daemon knows every tenth
/// of the retention (at least every second, at most every 30 s). A sale closed when its
/// `ends_at` passed; a sale closed by an operator counts from when this daemon first saw it
/// closed (after a restart, from then: an archive comes late, never early).
struct ArchiveRetention: Service {
    let engine: SaleEngine
    let directory: SaleDirectory
    let archiver: SaleArchiver
    let retentionSeconds: Int
    let logger: Logger
    private let firstSeenClosed = NIOLockedValueBox<[String: Int64]>([:])

    init(engine: SaleEngine, directory: SaleDirectory, archiver: SaleArchiver, retentionSeconds: Int, logger: Logger) {
        self.engine = engine
        self.directory = directory
        self.archiver = archiver
        self.retentionSeconds = retentionSeconds
        self.logger = logger
    }

    var interval: Duration { .milliseconds(max(1_000, min(retentionSeconds, 300) * 100)) }

    func run() async throws {
        await SaleLoop(directory: directory, interval: interval, logger: logger, name: "archive retention").run { saleID in
            try await check(saleID)
        }
    }

    /// Archives the sale when its retention has passed.
    func check(_ saleID: String) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        guard let ends = try await engine.closedEnd(saleID: saleID) else {
            firstSeenClosed.withLockedValue { $0[saleID] = nil }
            return
        }
        let seen = firstSeenClosed.withLockedValue { seen in
            if seen[saleID] == nil { seen[saleID] = now }
            return seen[saleID]!
        }
        let closed = ends > 0 && ends <= now ? min(ends, seen) : seen
        guard now - closed >= Int64(retentionSeconds) * 1000 else { return }
        do {
            let summary = try await archiver.archive(saleID, actor: "retention")
            logger.notice("archived a closed sale", metadata: ["sale": "\(saleID)", "directory": "\(summary.directory)"])
        } catch SaleEngineError.archiveInProgress, SaleEngineError.reservationsLive {
            return
        }
    }
}
