/// The bot defense's keys of one sale (`fg:{S}:bot:...`); `Scripts/bot_*.lua` document each.
/// They expire a day after the sale ends (a week after their last write when it has no end).
extension SaleKeys {
    /// A bot-defense key: `fg:{S}:bot:<name>`.
    public func bot(_ name: BotKey) -> String { prefix + "bot:" + name.rawValue }
    /// Per-user units reserved or bought (the per-user limit's hash).
    public var heldUnits: String { prefix + "held" }
    /// A user's latest reservation ids, for eviction: the list `fg:{S}:bot:ures:<user>`.
    public func userReservations(_ user: String) -> String { bot(.reservations) + ":" + user }
}

/// The names of the bot defense's keys.
public enum BotKey: String, Sendable, CaseIterable {
    case sessions = "sess", evidence = "ev", sources = "src", subnets = "net", fingerprints = "fp"
    case dirty, challenges = "chal", badTokens = "badtok", reservations = "ures"
    case scores = "score", buckets, top, held, heldAt = "heldat", stats, raised, flagged, acted, cleared, revoked
    case blocks, policy
}
