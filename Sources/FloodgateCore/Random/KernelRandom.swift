#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// The kernel's randomness (`getentropy`, the same source as `SystemRandomNumberGenerator`),
/// fetched 252 bytes per system call into a pool, each byte used once: for unguessable ids
/// (reservations, challenges) and for jitter on the hot paths, where a system call per draw
/// (what `SystemRandomNumberGenerator` costs) was measurable.
///
/// Nothing drawn is predictable from earlier draws: there is no counter and no seeded generator,
/// only fresh kernel randomness; a draw costs a lock and a copy.
public final class KernelRandom: Sendable {
    /// The pool every draw of this process comes from.
    public static let shared = KernelRandom()

    /// Random bytes per id.
    public static let idBytes = 12
    /// Bytes fetched per system call (`getentropy` gives at most 256).
    static let refillBytes = 21 * idBytes

    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: KernelRandom.refillBytes)
        var next = KernelRandom.refillBytes
    }

    private let pool = Mutex(Pool())

    /// A pool of its own (tests); everything else uses ``shared``.
    init() {}

    /// Calls `body` with `count` fresh random bytes (1...252).
    public func withBytes<Result>(_ count: Int, _ body: (ArraySlice<UInt8>) -> Result) -> Result {
        precondition((1...Self.refillBytes).contains(count), "draw 1...\(Self.refillBytes) bytes at a time")
        return pool.withLock { pool in
            if pool.next + count > Self.refillBytes { Self.refill(&pool) }
            defer { pool.next += count }
            return body(pool.bytes[pool.next..<pool.next + count])
        }
    }

    /// `count` fresh random bytes (1...252).
    public func bytes(_ count: Int) -> [UInt8] {
        withBytes(count) { Array($0) }
    }

    /// 64 fresh random bits.
    public func uint64() -> UInt64 {
        withBytes(8) { $0.reduce(0) { $0 << 8 | UInt64($1) } }
    }

    /// A new id: `prefix` then 24 lowercase hex digits (96 random bits).
    public func id(prefix: String) -> String {
        prefix + Hex.encode(bytes(Self.idBytes))
    }

    private static func refill(_ pool: inout Pool) {
        let result = pool.bytes.withUnsafeMutableBytes { getentropy($0.baseAddress, $0.count) }
        precondition(result == 0, "getentropy failed: the system has no source of randomness")
        pool.next = 0
    }
}

/// A `RandomNumberGenerator` drawing from ``KernelRandom/shared``, for the standard library's
/// `random(in:using:)` on hot paths.
public struct PooledRandomGenerator: RandomNumberGenerator {
    /// A generator; every instance draws from the same pool.
    public init() {}

    /// 64 fresh random bits.
    public mutating func next() -> UInt64 {
        KernelRandom.shared.uint64()
    }
}
