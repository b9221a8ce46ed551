import Crypto
import Foundation
import Testing

@testable import FloodgateCore

@Suite("Lottery draw")
struct LotteryDrawTests {
    /// Bytes 0x00, 0x01, ..., 0x1f.
    let seed = LotterySeed(bytes: Array(0..<32))!

    @Test("draws the golden order of an independent implementation for a fixed seed")
    func golden() {
        // Computed with a 20-line Python version of the documented algorithm (hashlib.sha256).
        let draw = LotteryDraw(seed: seed, count: 10)
        #expect(draw.ticketsByPosition == [8, 3, 1, 7, 4, 9, 6, 10, 5, 2])
        #expect(LotteryDraw.seedCommitment(seed) == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd")
    }

    @Test("draws a million tickets reproducibly, as a permutation")
    func million() {
        let draw = LotteryDraw(seed: seed, count: 1_000_000)
        #expect(draw.ticketsByPosition.prefix(5) == [842_494, 253_602, 753_376, 122_982, 60_418])
        #expect(draw.ticketsByPosition.suffix(3) == [971_416, 540_527, 364_222])
        let bytes = draw.ticketsByPosition.flatMap { ticket in withUnsafeBytes(of: ticket.bigEndian, Array.init) }
        #expect(Hex.encode(SHA256.hash(data: bytes)) == "a008a01bf336123c7182bd11a6a42cef7452d7624a74b7ae87e384678afa6d9d")
        var seen = [Bool](repeating: false, count: 1_000_001)
        for ticket in draw.ticketsByPosition {
            seen[Int(ticket)] = true
        }
        #expect(seen.dropFirst().allSatisfy { $0 })
    }

    @Test("is a permutation with both directions agreeing", arguments: [0, 1, 2, 3, 17, 1000])
    func permutation(count: Int) {
        let draw = LotteryDraw(seed: seed, count: count)
        #expect(draw.ticketsByPosition.sorted() == (0..<count).map { UInt32($0 + 1) })
        for position in 1...UInt64(count + 2) {
            let ticket = draw.ticket(at: position)
            #expect(ticket.flatMap(draw.position(of:)) == position)
        }
    }

    @Test("keeps tickets after the draw in arrival order, and has no ticket 0")
    func beyondCount() {
        let draw = LotteryDraw(seed: seed, count: 10)
        #expect(draw.position(of: 11) == 11)
        #expect(draw.ticket(at: 500) == 500)
        #expect(draw.position(of: 0) == nil)
        #expect(draw.ticket(at: 0) == nil)
    }

    @Test("spreads each ticket evenly over the positions across many seeds")
    func uniform() {
        let count = 4
        let draws = 4000
        var tally = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
        for index in 0..<draws {
            let seed = LotterySeed(bytes: Array(SHA256.hash(data: Data("seed \(index)".utf8))))!
            for (position, ticket) in LotteryDraw(seed: seed, count: count).ticketsByPosition.enumerated() {
                tally[Int(ticket) - 1][position] += 1
            }
        }
        // Each cell expects 1000 with a standard deviation of about 27; allow 6 of them.
        #expect(tally.joined().allSatisfy { abs($0 - draws / count) < 165 }, "\(tally)")
    }

    @Test("depends on the seed")
    func seedMatters() {
        let other = LotterySeed(bytes: Array(1...32))!
        #expect(LotteryDraw(seed: seed, count: 100).ticketsByPosition != LotteryDraw(seed: other, count: 100).ticketsByPosition)
    }

    @Test("reads, writes and generates seeds")
    func seeds() {
        #expect(LotterySeed(hex: seed.hex) == seed)
        #expect(seed.hex == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(LotterySeed(hex: "00") == nil)
        #expect(LotterySeed(bytes: [1, 2, 3]) == nil)
        #expect(LotterySeed.random() != LotterySeed.random())
    }
}
