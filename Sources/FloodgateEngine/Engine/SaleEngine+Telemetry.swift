import FloodgateRedis

extension SaleEngine {
    /// Live reservations, and how many of them expire within each of `seconds` from now.
    public func expiringReservations(saleID: String, within seconds: [Int]) async throws -> (live: Int, within: [Int]) {
        let key = SaleKeys(saleID: saleID).expiry
        let now = try await redisTimeMs()
        let live = Int(try await command(["ZCARD", key]).int ?? 0)
        var counts: [Int] = []
        for window in seconds {
            counts.append(Int(try await command(["ZCOUNT", key, "-inf", String(now + Int64(window) * 1000)]).int ?? 0))
        }
        return (live, counts)
    }

    /// Redis' clock, which every script uses, in ms since 1970.
    func redisTimeMs() async throws -> Int64 {
        let parts = try await command(["TIME"]).array?.compactMap(\.int) ?? []
        guard parts.count == 2 else { throw EngineError.redis("TIME: unexpected reply") }
        return parts[0] * 1000 + parts[1] / 1000
    }
}
