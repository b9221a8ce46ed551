import FloodgateCore
import FloodgateEngine
import Hummingbird

/// What the route handlers share: the engine, the in-memory sale views, the signers and the
/// traffic figures.
struct ServerServices: Sendable {
    let engine: SaleEngine
    let directory: SaleDirectory
    let tokens: TokenSigner
    let challenges: ChallengeSigner
    let traffic: TrafficStats
    let registrationLimiter: SourceRateLimiter
    /// Checkout calls per queue token (sale and user).
    let checkoutLimiter: SourceRateLimiter
    /// Writes closed sales to the data directory and expires their keys.
    let archiver: SaleArchiver
    /// How a caller's address is found (the peer, or what a trusted proxy saw).
    let clientAddresses: ClientAddressPolicy
    /// The bot defense's in-memory state and scoring.
    let bots: BotDefense

    /// Ticks a sale and stores its fresh view, rebuilding the lottery draw once it is made.
    @discardableResult
    /// A sale whose keys are gone (archived) is forgotten.
    func refresh(_ definition: SaleDefinition, draw: LotteryDraw?) async throws -> SaleView {
        let clock: SaleClock
        do {
            clock = try await engine.tick(saleID: definition.id)
        } catch SaleEngineError.unknownSale(let saleID) {
            directory.remove(saleID)
            throw SaleEngineError.unknownSale(saleID)
        }
        var view = SaleView(definition: definition, clock: clock, draw: draw)
        if definition.fairness == .lottery, let count = view.clock.drawCount, view.draw == nil,
            let hex = try await engine.status(of: definition.id)?.lotterySeed, let seed = LotterySeed(hex: hex)
        {
            view.draw = LotteryDraw(seed: seed, count: count)
        }
        directory.store(view)
        return view
    }

    /// A shopper's queue position; when this daemon's view is older than the lottery draw,
    /// the view is refreshed first.
    func position(of token: QueueToken, in view: SaleView) async throws -> UInt64? {
        if let position = view.position(of: token.ticket) { return position }
        return try await refresh(view.definition, draw: view.draw).position(of: token.ticket)
    }

    /// The view of the sale an admin route names in its `:id`, which must exist and not be archived.
    /// - Throws: ``FloodgateCore/APIError`` 404 `unknown_sale` otherwise.
    func adminSale(_ context: FloodgateRequestContext) async throws -> SaleView {
        let saleID = try context.parameters.require("id")
        guard SaleDefinition.isValidID(saleID), try await engine.status(of: saleID) != nil else { throw AdminRoutes.unknownSale(saleID) }
        return try await sale(saleID)
    }

    /// The view of a sale, loading it from Redis when this daemon has not seen it yet.
    /// - Throws: ``FloodgateCore/APIError`` 404 for an unknown sale.
    func sale(_ saleID: String) async throws -> SaleView {
        if let view = directory.view(saleID) { return view }
        guard let definition = try await engine.definition(of: saleID) else {
            throw APIError.notFound("Unknown sale \(saleID).").with(code: "unknown_sale")
        }
        return try await refresh(definition, draw: nil)
    }
}
