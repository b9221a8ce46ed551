@testable import FloodgateEngine
import Testing

@Suite("Random ids: 96 bits of kernel randomness each, drawn from a pool")
struct RandomIDsTests {
    @Test("an id is the prefix and 24 lowercase hex digits")
    func format() {
        let id = RandomIDs.shared.next(prefix: "r_")
        #expect(id.hasPrefix("r_"))
        #expect(id.utf8.count == 26)
        #expect(id.dropFirst(2).allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test("ids never repeat, across many refills of the pool, and every hex digit shows up in every place")
    func unique() {
        let ids = RandomIDs()
        let count = 50 * RandomIDs.refillBytes / RandomIDs.idBytes
        let made = (0..<count).map { _ in ids.next(prefix: "") }
        #expect(Set(made).count == count)
        for place in 0..<24 {
            let digits = Set(made.map { $0.utf8[$0.utf8.index($0.utf8.startIndex, offsetBy: place)] })
            #expect(digits.count == 16, "place \(place) took only \(digits.count) values in \(count) ids")
        }
    }
}
