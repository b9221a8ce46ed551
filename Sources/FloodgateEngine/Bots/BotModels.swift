import FloodgateCore

/// One measurement a daemon batches for ``SaleEngine/recordBotEvidence(saleID:records:)``.
public enum BotRecord: Sendable, Hashable {
    /// Status polls of a user since the last flush: how many, how many early, and the gaps (count, sum, sum of squares, ms).
    case polls(user: String, count: Int, early: Int, gaps: Int, gapSum: Double, gapSquares: Double)
    /// A user's first reserve, `delayMs` after it could know it was admitted.
    case reserve(user: String, delayMs: Int)
    /// Checkout calls by a user before admission.
    case earlyCheckout(user: String, count: Int)
    /// Challenges fetched from an address.
    case challenges(source: String, count: Int)
    /// Forged or foreign tokens presented from an address.
    case badTokens(source: String, count: Int)
    /// A user's token presented from elsewhere than it was issued to: the widest
    /// ``FloodgateCore/TokenBinding/Drift`` seen (1 another subnet, 2 another client, 3 both).
    case tokenMoved(user: String, drift: Int)

    var arguments: [String] {
        switch self {
        case .polls(let user, let count, let early, let gaps, let sum, let squares):
            ["p", user, String(count), String(early), String(gaps), String(sum), String(squares)]
        case .reserve(let user, let delay): ["r", user, String(delay), "-", "-", "-", "-"]
        case .earlyCheckout(let user, let count): ["c", user, String(count), "-", "-", "-", "-"]
        case .challenges(let source, let count): ["i", source, String(count), "-", "-", "-", "-"]
        case .badTokens(let source, let count): ["b", source, String(count), "-", "-", "-", "-"]
        case .tokenMoved(let user, let drift): ["m", user, String(drift), "-", "-", "-", "-"]
        }
    }
}

/// Where a registration comes from, as the bot defense records it with the registration itself
/// (``SaleEngine/register(saleID:userID:challengeID:challengeLifetimeMs:origin:)``).
public struct RegistrationOrigin: Sendable, Hashable {
    /// The address, its subnet and the client fingerprint.
    public var source, subnet, fingerprint: String
    /// The proof of work's pace in hashes per second; nil without proof of work.
    public var proofRate: Double?

    /// Creates an origin.
    public init(source: String, subnet: String, fingerprint: String, proofRate: Double?) {
        (self.source, self.subnet, self.fingerprint, self.proofRate) = (source, subnet, fingerprint, proofRate)
    }
}

/// The identities counted at a new registration's address, subnet and fingerprint, itself included.
public struct BotCrowd: Sendable, Hashable {
    public var source, subnet, fingerprint: Int

    /// Creates the counts.
    public init(source: Int, subnet: Int, fingerprint: Int) {
        (self.source, self.subnet, self.fingerprint) = (source, subnet, fingerprint)
    }
}

/// Where a session registered from, as the bot defense remembers it.
public struct BotSessionOrigin: Sendable, Hashable {
    /// The address, its subnet and the client fingerprint.
    public var source, subnet, fingerprint: String
    /// The registration ticket.
    public var ticket: UInt64

    /// Creates an origin.
    public init(source: String, subnet: String, fingerprint: String, ticket: UInt64) {
        (self.source, self.subnet, self.fingerprint, self.ticket) = (source, subnet, fingerprint, ticket)
    }
}

/// A session's origin and evidence, read back to be scored.
public struct BotSessionEvidence: Sendable {
    /// The user id.
    public let user: String
    /// Where it registered from; nil when the bot defense has no record of it.
    public let origin: BotSessionOrigin?
    /// What was measured.
    public let evidence: BotEvidence

    /// Creates a session's evidence.
    public init(user: String, origin: BotSessionOrigin?, evidence: BotEvidence) {
        (self.user, self.origin, self.evidence) = (user, origin, evidence)
    }
}

/// A scored session and the action the policy gives it.
public struct BotDecision: Sendable {
    public let user: String
    public let assessment: BotAssessment
    public let action: BotPolicy.Action?
    /// Queue position, 0 while unknown (a lottery not drawn yet).
    public let position: UInt64
    public let origin: BotSessionOrigin

    /// Creates a decision.
    public init(user: String, assessment: BotAssessment, action: BotPolicy.Action?, position: UInt64, origin: BotSessionOrigin) {
        (self.user, self.assessment, self.action, self.position, self.origin) = (user, assessment, action, position, origin)
    }
}

/// What every daemon keeps in memory about a sale's bot defense.
public struct BotState: Sendable {
    /// Bumped by every change.
    public var version: String
    /// The live policy's JSON; nil when it is the sale definition's.
    public var policyJSON: String?
    /// Held users and their positions.
    public var held: [String: UInt64]
    /// Evicted users.
    public var revoked: Set<String>
    /// Blocked `source:<range>` and `fingerprint:<fp>` entries, with when.
    public var blocks: [String: String]
    /// Extra proof-of-work bits per `source:<address>` or `fingerprint:<fp>`.
    public var raised: [String: Int]
}

/// The figures of `GET /admin/sales/{id}/bots`.
public struct BotReport: Sendable {
    /// Counters: held, holds, challenged, logged, would_*, evicted, released_units, cleared.
    public var stats: [String: Int]
    /// Sessions per score bucket, 0...9.
    public var buckets: [Int]
    /// The highest-scoring sessions: user, score, main signal, origin.
    public var top: [(user: String, score: Double, main: String, origin: BotSessionOrigin?)]
    /// Sessions at or above the flag threshold, and the units they hold or bought.
    public var flagged: Int
    public var flaggedUnits: Int
    /// Blocked entries and when.
    public var blocks: [String: String]
    /// Sessions held now; sessions evicted.
    public var heldNow: Int
    public var evicted: Int
}
