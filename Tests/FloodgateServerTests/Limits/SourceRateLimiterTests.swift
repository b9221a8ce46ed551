@testable import FloodgateServer
import Testing

@Suite("Source rate limiter: token buckets in a fixed table, O(1) a call")
struct SourceRateLimiterTests {
    @Test("a burst passes, the next call is refused, time refills the bucket")
    func bucket() {
        let limiter = SourceRateLimiter(perSecond: 1, burst: 3)
        let now = 1_000_000.0
        #expect((0..<3).allSatisfy { _ in limiter.allow("a", now: now) })
        #expect(!limiter.allow("a", now: now))
        #expect(!limiter.allow("a", now: now + 0.5))
        #expect(limiter.allow("a", now: now + 1.5))
        #expect(!limiter.allow("a", now: now + 1.5))
        #expect(limiter.allow("b", now: now), "another source has its own bucket")
        #expect(limiter.refusals().total == 3)
        #expect(limiter.refusals().sources.first?.0 == "a")
    }

    @Test("rate 0 lets everything through")
    func off() {
        let limiter = SourceRateLimiter(perSecond: 0, burst: 1)
        #expect((0..<100).allSatisfy { _ in limiter.allow("a", now: 0) })
    }

    @Test("200,000 sources in a second: the table stays at its capacity and a hammering source stays limited")
    func bounded() {
        let limiter = SourceRateLimiter(perSecond: 1, burst: 1, capacity: 65_536)
        let now = 2_000_000.0
        #expect(limiter.allow("hammer", now: now))
        var hammerPassed = 0
        for index in 0..<200_000 {
            _ = limiter.allow("source-\(index)", now: now + Double(index) / 1_000_000)
            if index % 100 == 0, limiter.allow("hammer", now: now + Double(index) / 1_000_000) { hammerPassed += 1 }
        }
        #expect(limiter.occupiedSlots <= limiter.capacity)
        #expect(limiter.capacity == 65_536)
        #expect(hammerPassed == 0, "the busy source kept its slot and its empty bucket")
        #expect(limiter.refusals().total == 2_000)
    }

    @Test("the refusal tally keeps at most its capacity of sources and the heaviest offender")
    func tally() {
        let tally = RefusalTally(capacity: 64)
        for index in 0..<100_000 {
            tally.count("source-\(index)")
            if index % 10 == 0 { tally.count("bot") }
        }
        #expect(tally.listed == 64)
        let top = tally.top(3)
        #expect(top.total == 110_000)
        #expect(top.sources.first?.0 == "bot")
        #expect((top.sources.first?.1 ?? 0) >= 10_000)
    }
}
