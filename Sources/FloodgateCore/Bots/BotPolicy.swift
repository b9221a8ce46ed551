/// What a sale does about high bot scores: graded actions at score thresholds, in dry run
/// (`observe`: only counted, "would have") or for real (`enforce`).
///
/// Sale definition key `bot_policy`; every field is optional:
/// ```json
/// {"mode": "observe", "log_at": 0.3, "challenge_at": 0.5, "hold_at": 0.7, "evict_at": 0.95, "challenge_bits": 4}
/// ```
/// Defaults: mode `observe`, log at 0.3, challenge at 0.5, hold at 0.7, evict at 0.95, 4 extra bits.
/// A threshold of `null` turns its action off. Thresholds must rise with the action's weight
/// (log ≤ challenge ≤ hold ≤ evict). Sessions at or above `hold_at` count as bots in the figures
/// ("units bought by sessions above the threshold").
public struct BotPolicy: Sendable, Hashable {
    /// Dry run or for real.
    public enum Mode: String, Sendable, Hashable, CaseIterable, Codable {
        /// Actions are counted as "would have", nothing happens to the session.
        case observe
        /// Actions are taken.
        case enforce
    }

    /// What happens to a session, from mild to severe.
    public enum Action: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
        /// Recorded only.
        case log
        /// Its address and fingerprint get `challenge_bits` more proof-of-work bits on the next challenge.
        case challenge
        /// Its status stays `waiting` and admission skips it, until it solves a harder challenge.
        case hold
        /// Its token is revoked and its live reservations go back to stock.
        case evict

        public static func < (lhs: Action, rhs: Action) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Dry run or enforcing; default observe.
    public var mode: Mode = .observe
    /// The score from which each action applies; nil turns it off.
    public var thresholds: [Action: Double] = [.log: 0.3, .challenge: 0.5, .hold: 0.7, .evict: 0.95]
    /// Proof-of-work bits added for a challenged address or fingerprint, 1...8; default 4.
    public var challengeBits = 4

    /// The defaults.
    public init() {}

    /// The score above which a session counts as a bot in the figures: the hold threshold, else the lowest one.
    public var flagThreshold: Double {
        thresholds[.hold] ?? thresholds.values.min() ?? 1
    }

    /// The most severe action for `score`, if any.
    public func action(for score: Double) -> Action? {
        Action.allCases.reversed().first { action in thresholds[action].map { score >= $0 } ?? false }
    }
}
