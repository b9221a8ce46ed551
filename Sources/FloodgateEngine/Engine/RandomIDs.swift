#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// Unguessable ids such as `r_3f9a0c…`: 96 bits from the system's CSPRNG, as 24 hex digits
/// after a prefix.
///
/// The bits are the kernel's (`getentropy`, the same source as `SystemRandomNumberGenerator`),
/// each used once. They are fetched 252 bytes (21 ids) per system call into a pool instead of two
/// system calls per id, so an id costs a lock and a copy. Nothing about the next id is predictable
/// from earlier ones: there is no counter and no seeded generator, only fresh kernel randomness.
final class RandomIDs: Sendable {
    /// The pool every id of this process comes from.
    static let shared = RandomIDs()

    /// Random bytes per id.
    static let idBytes = 12
    /// Bytes fetched per system call (`getentropy` gives at most 256).
    static let refillBytes = 21 * idBytes

    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: RandomIDs.refillBytes)
        var next = RandomIDs.refillBytes
    }

    private let pool = Mutex(Pool())

    /// A new id: `prefix` then 24 lowercase hex digits (96 random bits).
    func next(prefix: String) -> String {
        var id = [UInt8](repeating: 0, count: Self.idBytes)
        pool.withLock { pool in
            if pool.next == Self.refillBytes { Self.refill(&pool) }
            for index in 0..<Self.idBytes { id[index] = pool.bytes[pool.next + index] }
            pool.next += Self.idBytes
        }
        return prefix + String(unsafeUninitializedCapacity: 2 * Self.idBytes) { text in
            for (index, byte) in id.enumerated() {
                text[2 * index] = Self.hexDigit(byte >> 4)
                text[2 * index + 1] = Self.hexDigit(byte & 0x0F)
            }
            return 2 * Self.idBytes
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x57 + value
    }

    private static func refill(_ pool: inout Pool) {
        let result = pool.bytes.withUnsafeMutableBytes { getentropy($0.baseAddress, $0.count) }
        precondition(result == 0, "getentropy failed: the system has no source of randomness")
        pool.next = 0
    }
}
