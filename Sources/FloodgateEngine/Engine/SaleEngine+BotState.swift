import FloodgateCore
import FloodgateRedis

extension SaleEngine {
    /// The sale's bot-defense state, or nil when it is still at `version`.
    public func botState(saleID: String, version: String) async throws -> BotState? {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.bots.state, keys: [BotKey.stats, .held, .revoked, .blocks, .raised, .policy].map(keys.bot), arguments: [version])
        guard reply.values.count == 6 else { return nil }
        let held = Self.pairs(reply.values[2]).reduce(into: [String: UInt64]()) { $0[$1.0] = UInt64(Double($1.1) ?? 0) }
        let policy = try reply.text(1)
        return BotState(
            version: try reply.text(0), policyJSON: policy.isEmpty ? nil : policy, held: held,
            revoked: Set(reply.values[3].array?.compactMap(\.string) ?? []),
            blocks: Dictionary(Self.pairs(reply.values[4]), uniquingKeysWith: { $1 }),
            raised: Self.pairs(reply.values[5]).reduce(into: [String: Int]()) { $0[$1.0] = Int($1.1) ?? 0 }
        )
    }

    /// The figures of the bot report; `top` sessions at most.
    public func botReport(saleID: String, top: Int = 20) async throws -> BotReport {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.bots.report, keys: [keys.bot(.stats), keys.bot(.buckets), keys.bot(.top), keys.bot(.sessions), keys.bot(.scores),
                                                              keys.bot(.flagged), keys.heldUnits, keys.bot(.blocks), keys.bot(.held), keys.bot(.revoked)],
                                  arguments: [String(top)])
        guard reply.values.count == 8 else { throw SaleEngineError.protocolDrift("bot_report: unexpected reply") }
        var stats: [String: Int] = [:]
        for (field, value) in Self.pairs(reply.values[0]) where field != "ver" { stats[field] = Int(value) ?? 0 }
        var buckets = Array(repeating: 0, count: 10)
        for (bucket, count) in Self.pairs(reply.values[1]) {
            if let index = Int(bucket), (0..<10).contains(index) { buckets[index] = Int(count) ?? 0 }
        }
        let topValues = reply.values[2].array?.compactMap(\.string) ?? []
        let sessions = stride(from: 0, to: topValues.count - 2, by: 3).map { index -> (user: String, score: Double, main: String, origin: BotSessionOrigin?) in
            let score = topValues[index + 1].split(separator: "|").map(String.init)
            let origin = topValues[index + 2].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return (user: topValues[index], score: Double(score.first ?? "") ?? 0, main: score.count > 1 ? score[1] : "-",
                    origin: origin.count == 5 ? BotSessionOrigin(source: origin[0], subnet: origin[1], fingerprint: origin[2], ticket: UInt64(origin[3]) ?? 0) : nil)
        }
        return BotReport(stats: stats, buckets: buckets, top: sessions, flagged: try reply.integer(3), flaggedUnits: try reply.integer(4),
                         blocks: Dictionary(Self.pairs(reply.values[5]), uniquingKeysWith: { $1 }), heldNow: try reply.integer(6), evicted: try reply.integer(7))
    }

    /// A flat `[k, v, k, v]` array reply as pairs.
    static func pairs(_ reply: RedisReply) -> [(String, String)] {
        let values = reply.array?.compactMap(\.string) ?? []
        return stride(from: 0, to: values.count - 1, by: 2).map { (values[$0], values[$0 + 1]) }
    }

    /// Places a held session whose position was unknown (lottery not drawn then) at its position.
    public func placeHeldBotSession(saleID: String, user: String, position: UInt64) async throws {
        _ = try await command(["ZADD", SaleKeys(saleID: saleID).bot(.held), "XX", String(position), user])
    }
}
