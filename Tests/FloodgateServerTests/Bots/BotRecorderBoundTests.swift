import FloodgateEngine
import Testing

@testable import FloodgateServer

/// The in-memory poll tracker stays within its bounds whatever the crowd, and keeps timing the
/// sessions seen lately.
@Suite("Bot recorder: bounded memory")
struct BotRecorderBoundTests {
    @Test("a flood of distinct sessions keeps the tracker within its bound; recent sessions keep their timing")
    func sessionFlood() {
        let recorder = BotRecorder(maxSessions: 1_024, maxSources: 100)
        var now: Int64 = 1_000
        for number in 0..<100_000 {
            recorder.polled(saleID: "drop-1", userID: "flood-\(number)", askedMs: 2_000, admitted: false, nowMs: now)
            now += 1
            #expect(number % 997 != 0 || recorder.trackedSessions(saleID: "drop-1") <= 1_024)
        }
        #expect(recorder.trackedSessions(saleID: "drop-1") <= 1_024)
        // A session polled lately is still timed: its next poll, far too early, counts.
        recorder.polled(saleID: "drop-1", userID: "fast", askedMs: 2_000, admitted: false, nowMs: now)
        recorder.polled(saleID: "drop-1", userID: "fast", askedMs: 2_000, admitted: false, nowMs: now + 50)
        let records = recorder.drain(saleID: "drop-1")
        #expect(records.contains(.polls(user: "fast", count: 2, early: 1, gaps: 1, gapSum: 50, gapSquares: 2_500)))
        // What the dropped sessions measured spills into the flush, bounded too.
        #expect(records.count <= 2 * 1_024 + 1)
        #expect(recorder.trackedSessions(saleID: "drop-1") <= 1_024)
    }

    @Test("reserves, early checkouts and moved tokens of distinct sessions are bounded the same way")
    func otherRecords() {
        let recorder = BotRecorder(maxSessions: 256, maxSources: 100)
        for number in 0..<10_000 {
            recorder.checkoutEarly(saleID: "drop-1", userID: "early-\(number)")
            recorder.tokenMoved(saleID: "drop-1", userID: "moved-\(number)", drift: 1)
            recorder.reserved(saleID: "drop-1", userID: "buyer-\(number)", admittedSinceMs: 0, nowMs: 10)
        }
        #expect(recorder.trackedSessions(saleID: "drop-1") <= 256)
    }

    @Test("a flood of distinct addresses between two flushes keeps at most maxSources of them; a flush empties it")
    func sourceFlood() {
        let recorder = BotRecorder(maxSessions: 1_024, maxSources: 100)
        for number in 0..<50_000 {
            recorder.challengeIssued(saleID: "drop-1", source: "10.\(number >> 16).\((number >> 8) & 0xff).\(number & 0xff)")
            recorder.badToken(saleID: "drop-1", source: "172.16.\((number >> 8) & 0xff).\(number & 0xff)")
        }
        #expect(recorder.trackedSources(saleID: "drop-1") == 100)
        // A source already counted keeps counting.
        recorder.challengeIssued(saleID: "drop-1", source: "10.0.0.0")
        let records = recorder.drain(saleID: "drop-1")
        #expect(records.contains(.challenges(source: "10.0.0.0", count: 2)))
        #expect(recorder.trackedSources(saleID: "drop-1") == 0)
    }

    @Test("sales no longer served are forgotten")
    func forgetsSales() {
        let recorder = BotRecorder()
        recorder.polled(saleID: "old", userID: "a", askedMs: 1_000, admitted: false, nowMs: 1)
        recorder.challengeIssued(saleID: "old", source: "10.0.0.1")
        recorder.polled(saleID: "live", userID: "b", askedMs: 1_000, admitted: false, nowMs: 1)
        recorder.retain(saleIDs: ["live"])
        #expect(recorder.trackedSessions(saleID: "old") == 0 && recorder.trackedSources(saleID: "old") == 0)
        #expect(recorder.trackedSessions(saleID: "live") == 1)
    }
}
