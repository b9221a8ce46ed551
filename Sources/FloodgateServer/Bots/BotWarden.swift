import FloodgateCore
import FloodgateEngine
import Logging
import ServiceLifecycle

/// The bot defense's background work, on every daemon: four times a second it refreshes each
/// sale's in-memory bot state (one script call, answered in a few bytes when nothing changed);
/// once a second it flushes what this daemon measured (one script call) and scores the sessions
/// whose evidence changed plus a page of all sessions (crowds grow after a session registered),
/// then applies the policy.
struct BotWarden: Service {
    let services: ServerServices
    let logger: Logger
    var interval: Duration = .milliseconds(250)
    /// Sessions scored per sale and round, at most: changed ones, and a page of all of them.
    var changedPerRound = 1_000
    var pagePerRound = 100

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var cursors: [String: String] = [:]
            var round = 0
            while !Task.isCancelled {
                let saleIDs = services.directory.saleIDs
                if round % 4 == 0 { services.bots.recorder.retain(saleIDs: Set(saleIDs)) }
                for saleID in saleIDs {
                    guard let view = services.directory.view(saleID) else { continue }
                    do {
                        try await services.bots.refresh(view.definition)
                        if round % 4 == 0 {
                            cursors[saleID] = try await score(view, cursor: cursors[saleID] ?? "0")
                        }
                    } catch {
                        logger.warning("bot defense failed", metadata: ["sale": "\(saleID)", "error": "\(error)"])
                    }
                }
                round &+= 1
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Flushes, scores and acts for one sale.
    /// - Returns: the cursor of the next page of all sessions.
    func score(_ view: SaleView, cursor: String) async throws -> String {
        let saleID = view.definition.id
        let engine = services.engine
        try await engine.recordBotEvidence(saleID: saleID, records: services.bots.recorder.drain(saleID: saleID))
        var users = try await engine.botSessionsToScore(saleID: saleID, count: changedPerRound)
        let page = try await engine.botSessionsPage(saleID: saleID, cursor: cursor, count: pagePerRound)
        users += page.users
        let sessions = try await engine.botEvidence(saleID: saleID, users: Array(Set(users)))
        try await services.bots.apply(services.bots.decide(sessions, view: view), view: view)
        try await placeHolds(view)
        BotMetrics().update(saleID: saleID, try await engine.botReport(saleID: saleID, top: 0))
        return page.cursor
    }

    /// Gives held sessions of a lottery their position once the draw is made.
    private func placeHolds(_ view: SaleView) async throws {
        guard view.draw != nil else { return }
        let saleID = view.definition.id
        let unplaced = services.bots.unplacedHolds(saleID: saleID)
        guard !unplaced.isEmpty else { return }
        for session in try await services.engine.botEvidence(saleID: saleID, users: unplaced) {
            guard let ticket = session.origin?.ticket, let position = view.position(of: ticket) else { continue }
            try await services.engine.placeHeldBotSession(saleID: saleID, user: session.user, position: position)
        }
    }
}
