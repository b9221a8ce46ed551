import Synchronization

/// Queue tokens whose signature this daemon has checked, by their exact text, so that a
/// shopper's status polls after the first skip the HMAC: the dearest part of a poll (about 5%
/// of the daemon's CPU in a status benchmark, where a poll costs some 60 µs in all).
///
/// Only tokens that verified are kept (a forged or malformed one always pays the full check),
/// and their expiry is checked on every use by ``TokenSigner``. Memory is bounded: 16 shards,
/// each with two generations of at most `capacity / 32` tokens; when the current generation is
/// full it becomes the previous one and the oldest is dropped, and a token found in the previous
/// generation moves back to the current one, so the tokens in use stay.
public final class VerifiedTokenCache: Sendable {
    /// Tokens kept by default: a waiting crowd of 200,000 polling shoppers, some 50 MB at most.
    public static let defaultCapacity = 200_000

    private static let shardCount = 16

    private struct Generations {
        var current: [TokenText: QueueToken] = [:]
        var previous: [TokenText: QueueToken] = [:]
    }

    private final class Shard: Sendable {
        let generations = Mutex(Generations())
    }

    private let shards: [Shard]
    private let generationLimit: Int

    /// A cache of at most `capacity` tokens.
    public init(capacity: Int = VerifiedTokenCache.defaultCapacity) {
        shards = (0..<Self.shardCount).map { _ in Shard() }
        generationLimit = max(1, capacity / (2 * Self.shardCount))
    }

    /// The token verified earlier with exactly this text, if kept.
    func token(for text: String) -> QueueToken? {
        let key = TokenText(text)
        return shard(key).generations.withLock { generations in
            if let token = generations.current[key] { return token }
            guard let token = generations.previous.removeValue(forKey: key) else { return nil }
            Self.insert(key, token, into: &generations, limit: generationLimit)
            return token
        }
    }

    /// Keeps a token whose signature verified (or that this daemon just signed).
    func keep(_ token: QueueToken, text: String) {
        let key = TokenText(text)
        shard(key).generations.withLock { Self.insert(key, token, into: &$0, limit: generationLimit) }
    }

    /// How many tokens are kept.
    var count: Int {
        shards.reduce(0) { total, shard in total + shard.generations.withLock { $0.current.count + $0.previous.count } }
    }

    private func shard(_ key: TokenText) -> Shard {
        shards[Int(key.tail % UInt64(Self.shardCount))]
    }

    private static func insert(_ key: TokenText, _ token: QueueToken, into generations: inout Generations, limit: Int) {
        if generations.current.count >= limit {
            generations.previous = generations.current
            generations.current = [:]
        }
        generations.current[key] = token
    }
}

/// A token's text as a dictionary key, hashed by its last eight bytes: the end of its MAC, which
/// is as random as a hash and costs nothing to compute; equality compares the whole text.
private struct TokenText: Hashable, Sendable {
    let text: String
    let tail: UInt64

    init(_ text: String) {
        self.text = text
        tail = text.utf8.suffix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func == (lhs: TokenText, rhs: TokenText) -> Bool {
        lhs.tail == rhs.tail && lhs.text == rhs.text
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(tail)
    }
}
