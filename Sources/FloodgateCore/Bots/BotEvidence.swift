/// What the daemons measured about one session, as stored per sale in Redis. Every figure is
/// counted or timed by the server; nothing the client claims is taken as a pass (the optional
/// `fingerprint` field only ever adds to a crowd).
public struct BotEvidence: Sendable, Hashable {
    /// Hashes per second implied by the proof of work: (nonce + 1) ÷ server-measured solve time; nil without one.
    public var proofRate: Double?
    /// Status polls seen.
    public var polls = 0
    /// Polls that came before 80% of the `poll_after_ms` asked, less 50 ms.
    public var earlyPolls = 0
    /// Gaps between polls measured, with their sum and sum of squares (ms), for the variance.
    public var gaps = 0
    public var gapSum = 0.0
    public var gapSquares = 0.0
    /// Milliseconds from the daemon's first `admitted` answer (or its view of the admission) to the first reserve.
    public var reserveDelayMs: Int?
    /// Checkout calls before admission.
    public var earlyCheckouts = 0
    /// Identities registered from the session's address, from other addresses of its subnet, and with its fingerprint.
    public var sourceIdentities = 0
    public var subnetIdentities = 0
    public var fingerprintIdentities = 0
    /// Challenges the session's address fetched and did not solve.
    public var unsolvedChallenges = 0
    /// Forged, altered or foreign tokens presented from the session's address.
    public var badTokens = 0
    /// How the session's token moved from where it was issued (``TokenBinding/Drift`` raw
    /// value, the widest seen): 0 not, 1 another subnet, 2 another client, 3 both.
    public var tokenMoves = 0
    /// Whether an operator blocked the session's address, subnet or fingerprint.
    public var blocked = false

    /// No evidence.
    public init() {}

    /// Each signal's probability, 0 for a signal with no evidence.
    public func probabilities() -> [BotSignal: Double] {
        var result: [BotSignal: Double] = [:]
        func add(_ signal: BotSignal, _ strength: Double) {
            let clamped = min(max(strength, 0), 1)
            if clamped > 0 { result[signal] = clamped * signal.weight }
        }
        if let proofRate { add(.fastProof, ramp(proofRate, from: 1_000_000, to: 2_000_000)) }
        add(.earlyPolls, Double(earlyPolls) / 2)
        if gaps >= 6 {
            let mean = gapSum / Double(gaps)
            let variance = max(0, gapSquares / Double(gaps) - mean * mean)
            let spread = mean > 0 ? variance.squareRoot() / mean : 0
            add(.steadyPolls, 1 - ramp(spread, from: 0.01, to: 0.03))
        }
        if let reserveDelayMs { add(.instantReserve, 1 - ramp(Double(reserveDelayMs), from: 150, to: 600)) }
        add(.earlyCheckout, Double(earlyCheckouts) / 2)
        add(.sourceCrowd, ramp(Double(sourceIdentities), from: 4, to: 40))
        add(.subnetCrowd, ramp(Double(subnetIdentities), from: 6, to: 40))
        add(.fingerprintCrowd, ramp(Double(fingerprintIdentities), from: 8, to: 45))
        add(.unsolvedChallenges, ramp(Double(unsolvedChallenges), from: 5, to: 30))
        add(.badTokens, ramp(Double(badTokens), from: 1, to: 5))
        add(.movedToken, [0, 0.5, 0.8, 1][min(max(tokenMoves, 0), 3)])
        if blocked { add(.blocked, 1) }
        return result
    }

    /// 0 at or below `low`, 1 at or above `high`, linear between.
    private func ramp(_ value: Double, from low: Double, to high: Double) -> Double {
        min(max((value - low) / (high - low), 0), 1)
    }
}
