import Crypto

/// The lottery's deterministic random stream: SHA-256 in counter mode over the seed.
///
/// Block `k` (k = 0, 1, 2, ...) is `SHA-256(seed ‖ k)`, with `k` as 8 bytes big-endian; each block
/// yields four 64-bit words, read big-endian from its bytes 0-7, 8-15, 16-23 and 24-31, in that order.
struct SeedStream {
    private var input: [UInt8]
    private var counter: UInt64 = 0
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var used = 4

    init(seed: LotterySeed) {
        input = seed.bytes + [UInt8](repeating: 0, count: 8)
    }

    /// The next 64-bit word of the stream.
    mutating func next() -> UInt64 {
        if used == 4 { refill() }
        used += 1
        switch used {
        case 1: return words.0
        case 2: return words.1
        case 3: return words.2
        default: return words.3
        }
    }

    /// A uniform integer in `0..<bound` by rejection: with `r = 2^64 mod bound`, words at or above
    /// `2^64 - r` are skipped, and the first word `w` below it gives `w mod bound`.
    mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        let remainder = (0 &- bound) % bound
        while true {
            let word = next()
            if remainder == 0 || word < 0 &- remainder { return word % bound }
        }
    }

    private mutating func refill() {
        withUnsafeBytes(of: counter.bigEndian) { counterBytes in
            input.replaceSubrange(LotterySeed.byteCount..., with: counterBytes)
        }
        counter += 1
        let digest = SHA256.hash(data: input)
        words = digest.withUnsafeBytes { raw in
            (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            )
        }
        used = 0
    }
}
