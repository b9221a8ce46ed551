import FloodgateCore
import FloodgateEngine

/// `GET /admin/sales/{id}/bots`.
struct BotReportAnswer: Encodable, Sendable {
    struct Offender: Encodable, Sendable {
        let source: String
        let subnet: String
        let fingerprint: String
        /// Identities from this source among the top sessions.
        let identities: Int
        let score: Double
        let mainSignal: String
        let users: [String]

        enum CodingKeys: String, CodingKey {
            case source, subnet, fingerprint, identities, score, users
            case mainSignal = "main_signal"
        }
    }

    let saleID: String
    let policy: BotPolicy
    /// Sessions per score bucket: [0, 0.1), ..., [0.9, 1].
    let histogram: [Int]
    let held: Int
    let evicted: Int
    let blocked: [String]
    let flaggedSessions: Int
    /// Units reserved or bought by sessions at or above the flag threshold.
    let unitsFlagged: Int
    let counters: [String: Int]
    let offenders: [Offender]

    enum CodingKeys: String, CodingKey {
        case policy, histogram, held, evicted, blocked, counters, offenders
        case saleID = "sale_id"
        case flaggedSessions = "flagged_sessions"
        case unitsFlagged = "units_flagged"
    }

    init(saleID: String, policy: BotPolicy, report: BotReport) {
        self.saleID = saleID
        self.policy = policy
        histogram = report.buckets
        held = report.heldNow
        evicted = report.evicted
        blocked = report.blocks.keys.sorted()
        flaggedSessions = report.flagged
        unitsFlagged = report.flaggedUnits
        counters = report.stats
        var bySource: [String: [(user: String, score: Double, main: String, origin: BotSessionOrigin?)]] = [:]
        for session in report.top { bySource[session.origin?.source ?? "?", default: []].append(session) }
        offenders = bySource.map { source, sessions in
            let top = sessions.max { $0.score < $1.score }!
            return Offender(source: source, subnet: top.origin?.subnet ?? "?", fingerprint: top.origin?.fingerprint ?? "?",
                            identities: sessions.count, score: (top.score * 1000).rounded() / 1000, mainSignal: top.main,
                            users: sessions.map(\.user).sorted())
        }.sorted { ($0.score, $0.identities, $0.source) > ($1.score, $1.identities, $1.source) }
    }
}

/// `GET /admin/sales/{id}/bots/sessions/{user}`: a session's score and why.
struct BotSessionAnswer: Encodable, Sendable {
    struct Signal: Encodable, Sendable {
        let signal: String
        let probability: Double
        let weight: Double
        let meaning: String
    }

    let user: String
    let source: String
    let subnet: String
    let fingerprint: String
    let score: Double
    let action: String
    let mode: String
    let held: Bool
    let revoked: Bool
    let signals: [Signal]
}
