import FloodgateRedis

extension SaleEngine {
    /// Live reservations (reserved or being paid for), and how many of the reserved ones expire
    /// within each of `seconds` from now on the sale's clock.
    public func expiringReservations(saleID: String, within seconds: [Int]) async throws -> (live: Int, within: [Int]) {
        let keys = SaleKeys(saleID: saleID)
        let now = try await saleClockMs(keys)
        let live = try await count(["ZCARD", keys.expiry]) + count(["ZCARD", keys.paying])
        var counts: [Int] = []
        for window in seconds {
            counts.append(try await count(["ZCOUNT", keys.expiry, "-inf", String(now + Int64(window) * 1000)]))
        }
        return (live, counts)
    }

    /// Redis' clock, which every script uses, in ms since 1970.
    func redisTimeMs() async throws -> Int64 {
        let parts = try strings(try await command(["TIME"]), "TIME").compactMap { Int64($0) }
        guard parts.count == 2 else { throw SaleEngineError.protocolDrift("TIME: unexpected reply") }
        return parts[0] * 1000 + parts[1] / 1000
    }

    /// The sale's clock (`sale_now` in `lib.lua`): Redis' clock less every pause, standing
    /// still while the sale is paused. Reservation expiries and admission windows run on it.
    func saleClockMs(_ keys: SaleKeys) async throws -> Int64 {
        let now = try await redisTimeMs()
        let fields = try await command(["HMGET", keys.control, "paused_at_ms", "clock_offset_ms"]).array
        // Both are absent until the sale's first pause; present, they are integers.
        let values = try (fields ?? []).map { field -> Int64 in
            guard let text = field.string else { return 0 }
            guard let value = Int64(text) else { throw SaleEngineError.protocolDrift("\(keys.control): malformed clock field \(text)") }
            return value
        }
        guard values.count == 2 else { throw SaleEngineError.protocolDrift("HMGET ctl: \(String(describing: fields))") }
        return (values[0] > 0 ? values[0] : now) - values[1]
    }

    /// An integer reply.
    func count(_ arguments: [String]) async throws -> Int {
        let reply = try await command(arguments)
        guard let value = reply.int else { throw SaleEngineError.protocolDrift("\(arguments[0]): \(reply)") }
        return Int(value)
    }
}
