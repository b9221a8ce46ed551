/// Attempts of one kind of attack and how the daemon answered them.
public struct AttackTally: Sendable, Encodable, Hashable {
    /// Attacks made.
    public var attempts = 0
    /// Attacks that got through: must be 0.
    public var succeeded = 0
    /// Attacks refused as they should be.
    public var refused = 0
    /// Attacks without a clear answer (no answer, 5xx, or too late to judge).
    public var inconclusive = 0

    /// Adds another tally.
    mutating func add(_ other: AttackTally) {
        attempts += other.attempts
        succeeded += other.succeeded
        refused += other.refused
        inconclusive += other.inconclusive
    }
}

/// The ways a token forger alters a real token.
public enum ForgeryVariant: String, CaseIterable, Sendable, Encodable, Hashable {
    /// The queue ticket changed to 1 (the front), the signature kept.
    case alteredPosition = "altered_position"
    /// Another shopper's user id put in, the signature kept.
    case otherUser = "other_user"
    /// One token's payload with another token's signature.
    case splicedSignature = "spliced_signature"
    /// An expired token: genuinely signed when the run can read the daemons' key from Redis,
    /// else an altered expiry.
    case expired
    /// A token for another sale (signed the same way as `expired`).
    case foreignSale = "foreign_sale"
    /// Not a token at all.
    case malformed
}

/// The ways a double spender tries to buy one reservation twice.
public enum DoubleSpendVariant: String, CaseIterable, Sendable, Encodable, Hashable {
    /// The same reservation committed at once from many connections, each with its own key.
    case concurrentCommits = "concurrent_commits"
    /// Cancel sent at the same moment as commit.
    case cancelRacingCommit = "cancel_racing_commit"
    /// An Idempotency-Key used again with another body, then replayed with the first.
    case keyReplayedWithOtherBody = "key_replayed_with_other_body"
}

/// Which attack a tally counts.
enum AttackKind: Hashable {
    case forgery(ForgeryVariant)
    case doubleSpend(DoubleSpendVariant)
    case earlyCheckout
}
