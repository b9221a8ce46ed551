import FloodgateCore
import FloodgateRedis

extension SaleEngine {
    /// Registers a shopper once; the same user gets the same ticket again. With an `origin`, a
    /// new registration also records where it came from for the bot defense, in the same script
    /// call (the bot defense's keys live a day past the sale's end, a week after their last write
    /// without one).
    /// - Parameters:
    ///   - challengeID: the proof-of-work challenge's id, remembered so it is used once; nil when the sale asks for none.
    ///   - challengeLifetimeMs: how long to remember it (until the challenge expires).
    ///   - origin: where the registration comes from; nil when the bot defense does not record it.
    /// - Throws: ``SaleEngineError/registrationClosed(notYetOpen:)``, ``SaleEngineError/challengeReused``.
    public func register(saleID: String, userID: String, challengeID: String?, challengeLifetimeMs: Int64,
                         origin: RegistrationOrigin? = nil) async throws -> Registration {
        let ttl = challengeID == nil ? 0 : max(1, challengeLifetimeMs)
        let recorded = origin.map { [$0.source, $0.subnet, $0.fingerprint, $0.proofRate.map { String(Int64($0)) } ?? "-1"] } ?? ["", "", "", "-1"]
        let reply = try await run(scripts.register, keys: SaleKeys(saleID: saleID).registerKeys(challengeID: challengeID),
                                  arguments: [userID, String(ttl)] + recorded)
        switch reply.code {
        case "new", "existing":
            let isNew = reply.code == "new"
            return Registration(
                ticket: UInt64(clamping: try reply.integer(1)),
                isNew: isNew,
                state: try Self.state(reply, 2),
                drawCount: try reply.integer(3) == 1 ? try reply.integer(4) : nil,
                crowd: isNew && origin != nil ? BotCrowd(source: try reply.integer(5), subnet: try reply.integer(6), fingerprint: try reply.integer(7)) : nil
            )
        case "pow_reused": throw SaleEngineError.challengeReused
        case "registration_closed": throw SaleEngineError.registrationClosed(notYetOpen: try reply.text(1) == "scheduled")
        default: throw SaleEngineError.protocolDrift("register answered \(reply.code)")
        }
    }

    /// Runs the sale's clock: state changes with time, admission at the sale's rate.
    /// - Returns: the admission figures after the tick.
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` once the sale's keys are gone (archived).
    public func tick(saleID: String) async throws -> SaleClock {
        let reply = try await run(scripts.tick, keys: SaleKeys(saleID: saleID).tickKeys)
        if reply.code == "unknown_sale" { throw SaleEngineError.unknownSale(saleID) }
        return SaleClock(
            state: try Self.state(reply, 0),
            admittedThrough: UInt64(clamping: try reply.integer(1)),
            expiredThrough: UInt64(clamping: try reply.integer(2)),
            tickets: UInt64(clamping: try reply.integer(3)),
            admitPerSecond: try reply.number(4),
            registrationOpen: try reply.integer(5) == 1,
            drawCount: try reply.integer(6) == 1 ? try reply.integer(7) : nil,
            nowMs: Int64(try reply.integer(8))
        )
    }

    /// Element `index` of a reply as a sale state.
    static func state(_ reply: ScriptReply, _ index: Int) throws -> SaleState {
        let name = try reply.text(index)
        guard let state = SaleState(rawValue: name) else { throw SaleEngineError.protocolDrift("unknown sale state \(name)") }
        return state
    }
}
