import FloodgateCore
import FloodgateRedis

extension SaleEngine {
    /// Registers a shopper once; the same user gets the same ticket again.
    /// - Parameters:
    ///   - challengeID: the proof-of-work challenge's id, remembered so it is used once; nil when the sale asks for none.
    ///   - challengeLifetimeMs: how long to remember it (until the challenge expires).
    /// - Throws: ``FloodgateCore/APIError`` 409 `registration_closed`, 403 `pow_invalid` for a reused challenge.
    public func register(saleID: String, userID: String, challengeID: String?, challengeLifetimeMs: Int64) async throws -> Registration {
        let keys = SaleKeys(saleID: saleID)
        let powKey = keys.challenge(challengeID ?? "none")
        let ttl = challengeID == nil ? 0 : max(1, challengeLifetimeMs)
        let reply = try await run(scripts.register, keys: [keys.control, powKey], arguments: [userID, String(ttl)])
        switch reply.code {
        case "new", "existing":
            return Registration(
                ticket: UInt64(reply.int(1)),
                isNew: reply.code == "new",
                state: SaleState(rawValue: reply.string(2) ?? "") ?? .running,
                drawCount: reply.int(3) == 1 ? reply.int(4) : nil
            )
        case "pow_reused":
            throw APIError.powInvalid("This challenge was already used; ask for a new one.")
        default:
            let state = reply.string(1) ?? ""
            throw APIError.registrationClosed(state == "scheduled" ? "Registration has not opened yet." : "Registration is closed.")
        }
    }

    /// Runs the sale's clock: state changes with time, admission at the sale's rate.
    /// - Returns: the admission figures after the tick.
    public func tick(saleID: String) async throws -> SaleClock {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.tick, keys: [keys.control, keys.bot(.held)])
        return SaleClock(
            state: SaleState(rawValue: reply.string(0) ?? "") ?? .scheduled,
            admittedThrough: UInt64(reply.int(1)),
            expiredThrough: UInt64(reply.int(2)),
            tickets: UInt64(reply.int(3)),
            admitPerSecond: Double(reply.string(4) ?? "") ?? 0,
            registrationOpen: reply.int(5) == 1,
            drawCount: reply.int(6) == 1 ? reply.int(7) : nil,
            nowMs: Int64(reply.int(8))
        )
    }
}
