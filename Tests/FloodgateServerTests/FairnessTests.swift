import FloodgateCore
import FloodgateTesting
import Foundation
import Testing

@Suite("Fairness as shoppers see it through /queue/status")
struct FairnessTests {
    @Test("FIFO: positions follow registration order, and admission never skips ahead")
    func fifoOrder() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(rate: 0.5), arguments: ["--registrations-per-source", "0"]) { client, _, _ in
            var tokens: [String] = []
            for index in 0..<20 { tokens.append(try await client.token(sale: "drop-1", user: "u\(index)")) }
            // At 0.5/s the first admission comes 2 s after the start, however fast the registrations were.
            try await Task.sleep(for: .milliseconds(2_500))
            var states: [(position: Int, admitted: Bool)] = []
            for token in tokens {
                let status = try await client.call("GET", "/queue/status", token: token).json ?? [:]
                states.append((status["position"] as? Int ?? 0, status["state"] as? String == "admitted"))
            }
            #expect(states.map(\.position) == Array(1...20))
            let admitted = states.filter(\.admitted).count
            #expect(admitted > 0 && admitted < 20)
            let firstOnes = states.prefix(admitted).allSatisfy { $0.admitted }
            #expect(firstOnes, "admitted shoppers are exactly the first ones")
        }
    }

    @Test("lottery: after the start, positions are the draw anyone can re-run from the revealed seed")
    func lotteryReproducible() async throws {
        try await DaemonFixture.with(sale: nil, arguments: ["--registrations-per-source", "0"]) { client, _, _ in
            let starts = RFC3339.format(Date().addingTimeInterval(10))
            let opens = RFC3339.format(Date().addingTimeInterval(-60))
            try await client.createSale(DaemonFixture.saleJSON(extra: #","fairness":"lottery","starts_at":"\#(starts)","prequeue_opens_at":"\#(opens)""#))
            let published = try await client.saleStatus("drop-1")
            let commitment = try #require(published["lottery_seed_sha256"] as? String)
            #expect(published["lottery_seed"] is NSNull)
            let responses = try await withThrowingTaskGroup(of: (Int, HTTPProbe.Response).self) { group in
                for index in 0..<30 {
                    group.addTask { (index, try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"u\#(index)"}"#)) }
                }
                return try await group.reduce(into: [Int: HTTPProbe.Response]()) { $0[$1.0] = $1.1 }
            }
            let registrations = responses.mapValues { $0.json ?? [:] }
            let preRegistered = registrations.values.filter { $0["state"] as? String == "pre_registered" }.count
            #expect(preRegistered > 0)
            var seedHex: String?
            for _ in 0..<200 where seedHex == nil {
                try await Task.sleep(for: .milliseconds(100))
                seedHex = try await client.saleStatus("drop-1")["lottery_seed"] as? String
            }
            let seed = try #require(seedHex.flatMap(LotterySeed.init(hex:)))
            #expect(LotteryDraw.seedCommitment(seed) == commitment)
            let draw = LotteryDraw(seed: seed, count: preRegistered)
            try await Task.sleep(for: .milliseconds(500))
            for index in 0..<30 {
                let registration = try #require(registrations[index])
                let token = try #require(registration["token"] as? String)
                let status = try await client.call("GET", "/queue/status", token: token).json ?? [:]
                let ticket = try Self.ticket(of: token)
                let expected = ticket <= UInt64(preRegistered) ? draw.position(of: ticket) : ticket
                #expect(status["position"] as? Int == expected.map(Int.init))
            }
        }
    }

    /// The ticket inside a token (its payload starts with the ticket, big-endian).
    static func ticket(of token: String) throws -> UInt64 {
        let payload = token.split(separator: ".")[1]
        var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let bytes = try #require(Data(base64Encoded: base64))
        return bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
