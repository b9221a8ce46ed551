import FloodgateCore
import FloodgateTesting
import Foundation
import Testing

/// Before its sale starts, a session is asked back quickly a few times, so that the warden sees
/// early polling before admission begins (and skips ahead over the bots already held).
@Suite("Bot defense: calibration polls before the start")
struct CalibrationPollTests {
    /// The `poll_after_ms` of `count` status polls in a row.
    private static func asked(_ client: FloodgateClient, token: String, count: Int) async throws -> [Int] {
        var asked: [Int] = []
        for _ in 0..<count {
            let status = try await client.call("GET", "/queue/status", token: token)
            asked.append(try #require(status.json?["poll_after_ms"] as? Int, "\(status.text)"))
        }
        return asked
    }

    @Test("before the start, a session's first three answers ask it back within a second (jittered), the fourth at its usual interval; after the start none is shortened")
    func firstAnswersBeforeTheStart() async throws {
        try await DaemonFixture.with(sale: nil, arguments: ["--registrations-per-source", "0"]) { client, _, _ in
            let starts = RFC3339.format(Date().addingTimeInterval(120))
            let opens = RFC3339.format(Date().addingTimeInterval(-60))
            try await client.createSale(DaemonFixture.saleJSON("later", rate: 1, extra: #","starts_at":"\#(starts)","prequeue_opens_at":"\#(opens)""#))
            try await client.createSale(DaemonFixture.saleJSON("now", rate: 1))
            var tokens: [String: String] = [:]
            for sale in ["later", "now"] {
                for index in 1...40 { tokens[sale] = try await client.token(sale: sale, user: "u\(index)") }
            }
            // Position 40 at one a second: 40 s away, asked back in 10 s (a quarter), jittered by 15%.
            let before = try await Self.asked(client, token: try #require(tokens["later"]), count: 4)
            #expect(before.prefix(3).allSatisfy { $0 <= 1_150 }, "\(before)")
            #expect(before[3] >= 8_500, "\(before)")
            let after = try await Self.asked(client, token: try #require(tokens["now"]), count: 2)
            #expect(after.allSatisfy { $0 >= 8_000 }, "\(after)")
        }
    }
}
