import FloodgateRedis

/// Waits, after the drain and before the checks read Redis, for the sale's open payment
/// attempts to be settled by the daemons' reconciliation pass: a reservation still in
/// `fg:{S}:paying` (its outcome not recorded: the gateway timed out, a daemon died, or Redis lost
/// the outcome in a failover) or a charge queued in `fg:{S}:voids`. An open attempt is
/// reconciled only once its hold has passed (the daemon's payment timeout plus 5 s), so a check
/// made at once would count its charge as a charge without order.
enum PaymentSettling {
    /// The attempts open when the wait began and still open when it ended, and how long it took.
    struct Outcome: Sendable, Hashable {
        var openAtDrain: Int
        var open: Int
        var seconds: Double
    }

    /// Polls every 250 ms until nothing is open, at most `limit`.
    /// - Throws: ``RehearsalSetupError`` when Redis does not answer with counts.
    static func wait(_ redis: RedisClient, saleID: String, atMost limit: Duration = .seconds(30)) async throws -> Outcome {
        let start = ContinuousClock.now
        let openAtDrain = try await openAttempts(redis, saleID: saleID)
        var open = openAtDrain
        while true {
            let waited = ContinuousClock.now - start
            if open == 0 || waited >= limit { return Outcome(openAtDrain: openAtDrain, open: open, seconds: waited.seconds) }
            try await Task.sleep(for: .milliseconds(250))
            open = try await openAttempts(redis, saleID: saleID)
        }
    }

    /// Reservations paying plus charges queued to be voided.
    static func openAttempts(_ redis: RedisClient, saleID: String) async throws -> Int {
        var open = 0
        for key in ["paying", "voids"] {
            let reply = try await redis.send(["ZCARD", "fg:{\(saleID)}:\(key)"])
            guard let count = reply.int else { throw RehearsalSetupError("counting open payments: ZCARD \(key) answered \(reply)") }
            open += Int(count)
        }
        return open
    }
}
