import FloodgateCore
import FloodgateRedis

extension SaleEngine {
    /// The sale's bot-defense state, or nil when it is still at `version`.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` when a figure of the reply is malformed.
    public func botState(saleID: String, version: String) async throws -> BotState? {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.bots.state, keys: [BotKey.stats, .held, .revoked, .blocks, .raised, .policy].map(keys.bot), arguments: [version])
        guard reply.values.count == 6 else { return nil }
        let what = "bot_state of \(saleID)"
        var held: [String: UInt64] = [:]
        for (user, position) in try pairs(reply.values[2], what) { held[user] = try Self.parse(position, what) { UInt64(exactly: Double($0) ?? -1) } }
        var raised: [String: Int] = [:]
        for (field, bits) in try pairs(reply.values[5], what) { raised[field] = try Self.parse(bits, what) { Int($0) } }
        let policy = try reply.text(1)
        return BotState(
            version: try reply.text(0), policyJSON: policy.isEmpty ? nil : policy, held: held,
            revoked: Set(try strings(reply.values[3], what)),
            blocks: Dictionary(try pairs(reply.values[4], what), uniquingKeysWith: { $1 }),
            raised: raised
        )
    }

    /// The figures of the bot report; `top` sessions at most.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` when a figure of the reply is malformed.
    public func botReport(saleID: String, top: Int = 20) async throws -> BotReport {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.bots.report, keys: [keys.bot(.stats), keys.bot(.buckets), keys.bot(.top), keys.bot(.sessions), keys.bot(.scores),
                                                              keys.bot(.flagged), keys.heldUnits, keys.bot(.blocks), keys.bot(.held), keys.bot(.revoked)],
                                  arguments: [String(top)])
        guard reply.values.count == 8 else { throw SaleEngineError.protocolDrift("bot_report: unexpected reply") }
        let what = "bot_report of \(saleID)"
        var stats: [String: Int] = [:]
        for (field, value) in try pairs(reply.values[0], what) where field != "ver" { stats[field] = try Self.parse(value, what) { Int($0) } }
        var buckets = Array(repeating: 0, count: 10)
        for (bucket, count) in try pairs(reply.values[1], what) {
            guard let index = Int(bucket), (0..<10).contains(index) else { throw SaleEngineError.protocolDrift("\(what): bucket \(bucket)") }
            buckets[index] = try Self.parse(count, what) { Int($0) }
        }
        let topValues = try strings(reply.values[2], what)
        guard topValues.count % 3 == 0 else { throw SaleEngineError.protocolDrift("\(what): \(topValues.count) values of top sessions") }
        let sessions = try stride(from: 0, to: topValues.count, by: 3).map { index -> (user: String, score: Double, main: String, origin: BotSessionOrigin?) in
            // A session's score record is "score|main signal|bucket"; its origin record
            // "source|subnet|fingerprint|ticket|proof rate" ("" when its registration was not recorded).
            let score = topValues[index + 1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard score.count == 3, let value = Double(score[0]) else { throw SaleEngineError.protocolDrift("\(what): score \(topValues[index + 1])") }
            let origin = topValues[index + 2].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            var session: BotSessionOrigin?
            if !topValues[index + 2].isEmpty {
                guard origin.count == 5, let ticket = UInt64(origin[3]) else { throw SaleEngineError.protocolDrift("\(what): session \(topValues[index + 2])") }
                session = BotSessionOrigin(source: origin[0], subnet: origin[1], fingerprint: origin[2], ticket: ticket)
            }
            return (user: topValues[index], score: value, main: score[1], origin: session)
        }
        return BotReport(stats: stats, buckets: buckets, top: sessions, flagged: try reply.integer(3), flaggedUnits: try reply.integer(4),
                         blocks: Dictionary(try pairs(reply.values[5], what), uniquingKeysWith: { $1 }), heldNow: try reply.integer(6), evicted: try reply.integer(7))
    }

    /// A flat `[k, v, k, v]` array reply as pairs.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` when it is not an even array of texts.
    func pairs(_ reply: RedisReply, _ what: String) throws -> [(String, String)] {
        let values = try strings(reply, what)
        guard values.count % 2 == 0 else { throw SaleEngineError.protocolDrift("\(what): odd field/value list") }
        return stride(from: 0, to: values.count, by: 2).map { (values[$0], values[$0 + 1]) }
    }

    /// `text` read by `read`; nil from it is ``SaleEngineError/protocolDrift(_:)``, never a default.
    static func parse<T>(_ text: String, _ what: String, _ read: (String) -> T?) throws -> T {
        guard let value = read(text) else { throw SaleEngineError.protocolDrift("\(what): malformed number \(text)") }
        return value
    }

    /// Places a held session whose position was unknown (lottery not drawn then) at its position.
    public func placeHeldBotSession(saleID: String, user: String, position: UInt64) async throws {
        _ = try await command(["ZADD", SaleKeys(saleID: saleID).bot(.held), "XX", String(position), user])
    }
}
