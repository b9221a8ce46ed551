import Foundation
import Testing

@testable import FloodgateCore

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    @Test("formats unix seconds as UTC with whole seconds", arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (1_800_000_000, "2027-01-15T08:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"),
        (1_796_148_000, "2026-12-01T18:00:00Z"),
    ])
    func formatsUnixSeconds(seconds: Int64, text: String) {
        #expect(RFC3339.format(unixSeconds: seconds) == text)
        #expect(RFC3339.parse(text) == Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test("drops the fraction of a second toward the past")
    func dropsFraction() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_796_148_000.999)) == "2026-12-01T18:00:00Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
    }

    @Test("agrees with ISO8601DateFormatter over many instants")
    func agreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let seconds = Int64.random(in: -2_000_000_000...32_503_680_000, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(RFC3339.format(date) == formatter.string(from: date))
            #expect(RFC3339.parse(formatter.string(from: date)) == date)
        }
    }

    @Test("accepts fractions, offsets and lowercase separators", arguments: [
        ("2026-12-01T18:00:00.250Z", 1_796_148_000.25),
        ("2026-12-01T19:30:00+01:30", 1_796_148_000),
        ("2026-12-01T13:00:00-05:00", 1_796_148_000),
        ("2026-12-01t18:00:00z", 1_796_148_000),
        ("2026-12-01T18:00:00.5+00:00", 1_796_148_000.5),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
    ])
    func parsesVariants(text: String, seconds: Double) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test("refuses malformed timestamps", arguments: [
        "", "2026-12-01", "2026-12-01T18:00:00", "2026-12-01 18:00:00Z", "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T18:60:00Z",
        "2026-12-01T18:00:60Z", "2026-12-01T18:00:00.Z", "2026-12-01T18:00:00+0100", "2026-12-01T18:00:00+24:00",
        "2026-12-01T18:00:00Zjunk", "+2026-12-01T18:00:00Z", "2026-1-01T18:00:00Z", "tomorrow",
    ])
    func refusesMalformed(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }
}
