import Foundation
import NIOConcurrencyHelpers

/// A token bucket per source (an address, a token...): at most `perSecond` calls a second on
/// average, bursts of `burst`. Used on registration, the call bots hammer, and on checkout.
///
/// Memory is fixed and each call is O(1): the buckets live in a table of ``capacity`` slots,
/// split into shards with a lock each; a source hashes (with a per-process random seed) to a
/// set of ``ways`` slots in one shard. A source not in its set takes an empty slot, else the one
/// used longest ago: an evicted source starts again with a full bucket, which is what it would
/// have after ``burst`` / ``perSecond`` seconds of quiet anyway. A busy source is never the one
/// evicted from its set while it keeps calling. Refusals are counted in all and for the busiest
/// sources in a bounded ``RefusalTally``.
final class SourceRateLimiter: Sendable {
    /// Slots in all (each 24 bytes): 131,072 by default, about 3 MiB.
    let capacity: Int
    /// Slots a source may occupy (a set).
    static let ways = 4
    private static let shardCount = 64

    private let perSecond: Double
    private let burst: Double
    private let shards: [NIOLockedValueBox<BucketTable>]
    private let tally: RefusalTally

    /// A limiter; `perSecond` 0 lets every call through.
    /// - Parameter capacity: slots in all, rounded up to a multiple of 256.
    init(perSecond: Double, burst: Double, capacity: Int = 131_072) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
        let perShard = max(1, (capacity + Self.shardCount * Self.ways - 1) / (Self.shardCount * Self.ways)) * Self.ways
        self.capacity = perShard * Self.shardCount
        self.shards = (0..<Self.shardCount).map { _ in NIOLockedValueBox(BucketTable(slots: perShard)) }
        self.tally = RefusalTally(capacity: 64)
    }

    /// Takes one token for `source`; false when its bucket is empty.
    func allow(_ source: String, now: TimeInterval = Date().timeIntervalSince1970) -> Bool {
        guard perSecond > 0 else { return true }
        var hasher = Hasher()
        hasher.combine(source)
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        let shard = shards[Int(hash % UInt64(Self.shardCount))]
        let allowed = shard.withLockedValue { table in
            table.take(hash: hash | 1, now: now, perSecond: perSecond, burst: burst)
        }
        if !allowed { tally.count(source) }
        return allowed
    }

    /// How long a refused source waits for its next token, in seconds.
    var secondsPerToken: Double { perSecond > 0 ? 1 / perSecond : 0 }

    /// How many calls were refused, in all and by the busiest sources (approximate counts
    /// once more sources were refused than the tally holds).
    func refusals(top: Int = 5) -> (total: Int, sources: [(String, Int)]) {
        tally.top(top)
    }

    /// How many slots hold a source now (at most ``capacity``), for tests and figures.
    var occupiedSlots: Int {
        shards.reduce(0) { total, shard in total + shard.withLockedValue { $0.occupied } }
    }
}

/// One shard's slots: set-associative, least recently used evicted.
struct BucketTable {
    private struct Slot {
        /// The source's hash (odd: 0 marks an empty slot).
        var hash: UInt64 = 0
        var tokens: Double = 0
        var updated: TimeInterval = 0
    }

    private var slots: [Slot]

    init(slots: Int) {
        self.slots = Array(repeating: Slot(), count: slots)
    }

    var occupied: Int { slots.reduce(0) { $0 + ($1.hash == 0 ? 0 : 1) } }

    /// Refills and takes one token from the source's bucket, creating it (full) if needed.
    mutating func take(hash: UInt64, now: TimeInterval, perSecond: Double, burst: Double) -> Bool {
        let ways = SourceRateLimiter.ways
        let sets = slots.count / ways
        let base = Int((hash >> 8) % UInt64(sets)) * ways
        var chosen = base
        for index in base..<(base + ways) {
            if slots[index].hash == hash { chosen = index; break }
            if slots[index].hash == 0 || slots[index].updated < slots[chosen].updated { chosen = index }
        }
        if slots[chosen].hash != hash {
            slots[chosen] = Slot(hash: hash, tokens: burst, updated: now)
        }
        var slot = slots[chosen]
        slot.tokens = min(burst, slot.tokens + max(0, now - slot.updated) * perSecond)
        slot.updated = max(slot.updated, now)
        let allowed = slot.tokens >= 1
        if allowed { slot.tokens -= 1 }
        slots[chosen] = slot
        return allowed
    }
}
