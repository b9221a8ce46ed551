import Crypto

/// The reproducible lottery shuffle of a sale's pre-registrations.
///
/// Given a 32-byte seed and `n` pre-registrations (tickets 1...n), the draw is:
/// ```
/// order = [1, 2, ..., n]                 // order[p] is the ticket at position p + 1
/// for i from n - 1 down to 1:
///     j = uniform(i + 1)                 // 0 <= j <= i
///     swap order[i], order[j]
///
/// uniform(bound):                        // unbiased, by rejection
///     r = 2^64 mod bound
///     repeat: w = next_word()
///     until r == 0 or w < 2^64 - r
///     return w mod bound
///
/// next_word():                           // SHA-256 in counter mode, k = 0, 1, 2, ...
///     block_k = SHA-256(seed || uint64_big_endian(k))     // 40 bytes hashed
///     words come from block_0, block_1, ... four per block, in order:
///     block bytes 0-7, 8-15, 16-23, 24-31, each read as a big-endian uint64
/// ```
/// Tickets above `n` (registered after the draw) keep their number as their position.
/// Memory: two `[UInt32]` of `n` entries (8 MB for a million); a million takes a fraction of a
/// second in a release build.
public struct LotteryDraw: Sendable {
    /// The seed the draw was made from.
    public let seed: LotterySeed
    /// The number of pre-registrations shuffled.
    public let count: Int
    /// `ticketsByPosition[p - 1]` is the ticket at position `p`.
    public let ticketsByPosition: [UInt32]
    /// `positionsByTicket[t - 1]` is the position of ticket `t`.
    public let positionsByTicket: [UInt32]

    /// Shuffles tickets `1...count` with `seed`.
    /// - Precondition: `count` is within `0...UInt32.max`.
    public init(seed: LotterySeed, count: Int) {
        precondition((0...Int(UInt32.max)).contains(count), "count must be within 0...UInt32.max")
        var order = (0..<count).map { UInt32(truncatingIfNeeded: $0 + 1) }
        var stream = SeedStream(seed: seed)
        var index = count - 1
        while index >= 1 {
            let other = Int(stream.uniform(below: UInt64(index + 1)))
            order.swapAt(index, other)
            index -= 1
        }
        var positions = [UInt32](repeating: 0, count: count)
        for (offset, ticket) in order.enumerated() {
            positions[Int(ticket) - 1] = UInt32(truncatingIfNeeded: offset + 1)
        }
        self.seed = seed
        self.count = count
        ticketsByPosition = order
        positionsByTicket = positions
    }

    /// The queue position (1-based) of `ticket`; `nil` for ticket 0.
    public func position(of ticket: UInt64) -> UInt64? {
        guard ticket >= 1 else { return nil }
        return ticket > UInt64(count) ? ticket : UInt64(positionsByTicket[Int(ticket) - 1])
    }

    /// The ticket at queue `position` (1-based); `nil` for position 0.
    public func ticket(at position: UInt64) -> UInt64? {
        guard position >= 1 else { return nil }
        return position > UInt64(count) ? position : UInt64(ticketsByPosition[Int(position) - 1])
    }

    /// The public commitment to a seed: lowercase hex SHA-256 of its 32 bytes.
    public static func seedCommitment(_ seed: LotterySeed) -> String {
        Hex.encode(SHA256.hash(data: seed.bytes))
    }
}
