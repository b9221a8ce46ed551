import FloodgateCore

/// Invariant 4, fair admission, from what the shoppers saw and the sale's lottery seed in Redis.
enum AdmissionCheck {
    /// The smallest p-value taken for a fair draw: below it, the positions are not independent
    /// of registration order (a fair draw fails by chance once in a thousand runs).
    static let significance = 0.001

    /// - Parameter commitment: the seed's SHA-256 as `POST /admin/sales` published it.
    static func evaluate(_ observations: Observations, snapshot: RedisSnapshot, fairness: Fairness, commitment: String?) -> AdmissionSection {
        let tally = observations.fairness
        let inversions = registrationInversions(observations.registrations)
        let outOfOrder = tally.admittedAheadOfCursor + tally.waitingBehindCursor + tally.positionNotTicket + tally.admissionRevoked + inversions
        return AdmissionSection(
            fairness: fairness.rawValue, admissionsObserved: tally.admitted, outOfOrder: outOfOrder,
            outOfOrderShare: tally.admitted > 0 ? Double(outOfOrder) / Double(tally.admitted) : 0,
            admittedAheadOfCursor: tally.admittedAheadOfCursor, waitingBehindCursor: tally.waitingBehindCursor,
            positionNotTicket: tally.positionNotTicket, admissionRevoked: tally.admissionRevoked, registrationInversions: inversions,
            lottery: fairness == .lottery ? lottery(observations.lotteryPositions, control: snapshot.control, commitment: commitment) : nil
        )
    }

    /// Registrations answered before another was first asked for, yet given a later ticket.
    static func registrationInversions(_ records: [RegistrationRecord]) -> Int {
        let byAnswer = records.sorted { $0.answered < $1.answered }
        var highestTicket: UInt64 = 0
        var next = 0
        var inversions = 0
        for record in records.sorted(by: { $0.firstAsked < $1.firstAsked }) {
            while next < byAnswer.count, byAnswer[next].answered < record.firstAsked {
                highestTicket = max(highestTicket, byAnswer[next].ticket)
                next += 1
            }
            if highestTicket > record.ticket { inversions += 1 }
        }
        return inversions
    }

    private static func lottery(_ pairs: [(ticket: UInt64, position: UInt64)], control: [String: String], commitment: String?) -> LotteryCheck {
        let seed = control["seed"].flatMap(LotterySeed.init(hex:))
        let drawCount = Int(control["draw_count"] ?? "") ?? 0
        let published = commitment ?? control["seed_sha256"] ?? ""
        let draw = seed.map { LotteryDraw(seed: $0, count: drawCount) }
        let drawn = pairs.filter { $0.ticket <= UInt64(drawCount) }
        let matching = drawn.filter { draw?.position(of: $0.ticket) == $0.position }.count
        let spearman = Statistics.spearman(drawn.map { ($0.ticket, $0.position) })
        let independence = Statistics.independence(drawn.map { ($0.ticket, $0.position) })
        return LotteryCheck(
            drawCount: drawCount, observed: drawn.count,
            seedMatchesCommitment: seed.map { LotteryDraw.seedCommitment($0) == published } ?? false,
            positionsMatchingDraw: matching, spearmanRho: spearman?.rho ?? 0, spearmanPValue: spearman?.pValue ?? 1,
            chiSquare: independence?.chiSquare ?? 0, chiSquarePValue: independence?.pValue ?? 1,
            uniform: (spearman?.pValue ?? 1) >= significance && (independence?.pValue ?? 1) >= significance
        )
    }
}

/// Admission order as the shoppers saw it.
public struct AdmissionSection: Sendable, Encodable {
    public var fairness: String
    public var admissionsObserved: Int
    /// The sum of the counts below: must be 0.
    public var outOfOrder: Int
    /// `outOfOrder` over the admissions observed.
    public var outOfOrderShare: Double
    public var admittedAheadOfCursor: Int
    public var waitingBehindCursor: Int
    /// FIFO: a position other than the registration's ticket.
    public var positionNotTicket: Int
    /// Admitted, then refused at checkout as not admitted, again after seeing admitted once more.
    public var admissionRevoked: Int
    /// A registration answered before another was asked for, yet given a later ticket.
    public var registrationInversions: Int
    public var lottery: LotteryCheck?
}

/// The lottery's draw, checked against its published seed and for independence from
/// registration order.
public struct LotteryCheck: Sendable, Encodable {
    /// Pre-registrations the draw shuffled.
    public var drawCount: Int
    /// Drawn shoppers whose position was seen.
    public var observed: Int
    /// Whether the seed revealed at the start hashes to the SHA-256 published at creation.
    public var seedMatchesCommitment: Bool
    /// Positions equal to a re-run of the draw from the seed: must equal `observed`.
    public var positionsMatchingDraw: Int
    public var spearmanRho: Double
    public var spearmanPValue: Double
    public var chiSquare: Double
    public var chiSquarePValue: Double
    /// Whether both p-values are at least 0.001.
    public var uniform: Bool
}
