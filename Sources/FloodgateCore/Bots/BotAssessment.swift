/// A session's bot score and why: the noisy-OR of its signals' probabilities,
/// `1 - Π(1 - pᵢ)`, so more evidence never lowers the score and no single weak signal decides.
public struct BotAssessment: Sendable, Hashable {
    /// One signal's share in the score.
    public struct Contribution: Sendable, Hashable {
        /// The signal.
        public let signal: BotSignal
        /// Its probability, 0...weight.
        public let probability: Double
    }

    /// From 0.0 (human) to 1.0 (bot).
    public let score: Double
    /// The signals that fired, strongest first.
    public let contributions: [Contribution]

    /// Scores `evidence`.
    public init(_ evidence: BotEvidence) {
        self.init(probabilities: evidence.probabilities())
    }

    /// Combines per-signal probabilities with a noisy-OR.
    public init(probabilities: [BotSignal: Double]) {
        let clamped = probabilities.mapValues { min(max($0, 0), 1) }
        score = 1 - clamped.values.reduce(1) { $0 * (1 - $1) }
        contributions = clamped.filter { $0.value > 0 }
            .map { Contribution(signal: $0.key, probability: $0.value) }
            .sorted { ($0.probability, $0.signal.rawValue) > ($1.probability, $1.signal.rawValue) }
    }

    /// The strongest signal, if any fired.
    public var mainSignal: BotSignal? { contributions.first?.signal }

    /// The score's bucket among ten: 0 for [0, 0.1), ..., 9 for [0.9, 1].
    public var bucket: Int { min(9, max(0, Int(score * 10))) }
}
