@testable import FloodgateCore
import Testing

@Suite("Kernel randomness: drawn from a pool, each byte used once")
struct KernelRandomTests {
    @Test("an id is the prefix and 24 lowercase hex digits")
    func format() {
        let id = KernelRandom.shared.id(prefix: "r_")
        #expect(id.hasPrefix("r_"))
        #expect(id.utf8.count == 26)
        #expect(id.dropFirst(2).allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test("ids never repeat, across many refills of the pool, and every hex digit shows up in every place")
    func unique() {
        let random = KernelRandom()
        let count = 50 * KernelRandom.refillBytes / KernelRandom.idBytes
        let made = (0..<count).map { _ in random.id(prefix: "") }
        #expect(Set(made).count == count)
        for place in 0..<24 {
            let digits = Set(made.map { $0.utf8[$0.utf8.index($0.utf8.startIndex, offsetBy: place)] })
            #expect(digits.count == 16, "place \(place) took only \(digits.count) values in \(count) ids")
        }
    }

    @Test("draws of other sizes straddle refills without repeating, and every bit varies")
    func mixedDraws() {
        let random = KernelRandom()
        let words = (0..<2_000).map { index in index % 3 == 0 ? random.uint64() : random.withBytes(10) { $0.reduce(0) { $0 << 6 ^ UInt64($1) } } }
        #expect(Set(words).count == words.count)
        let varying = words.reduce(UInt64(0)) { $0 | ($1 ^ words[0]) }
        #expect(varying.nonzeroBitCount >= 60)
    }

    @Test("the pooled generator serves the standard library's random(in:using:)")
    func generator() {
        var generator = PooledRandomGenerator()
        let draws = (0..<1_000).map { _ in Double.random(in: 0.85...1.15, using: &generator) }
        #expect(draws.allSatisfy { (0.85...1.15).contains($0) })
        #expect(Set(draws).count == draws.count)
    }
}
