import FloodgateCore
import FloodgateEngine

/// What the route handlers share: the engine, the in-memory sale views, the signers and the
/// traffic figures.
struct ServerServices: Sendable {
    let engine: SaleEngine
    let directory: SaleDirectory
    let tokens: TokenSigner
    let challenges: ChallengeSigner
    let traffic: TrafficStats
    let registrationLimiter: SourceRateLimiter
    /// Whether `X-Forwarded-For` names the caller (behind a trusted load balancer).
    let trustForwardedFor: Bool

    /// The view of a sale, loading it from Redis when this daemon has not seen it yet.
    /// - Throws: ``FloodgateCore/APIError`` 404 for an unknown sale.
    func sale(_ saleID: String) async throws -> SaleView {
        if let view = directory.view(saleID) { return view }
        guard let definition = try await engine.definition(of: saleID) else {
            throw APIError.notFound("Unknown sale \(saleID).").with(code: "unknown_sale")
        }
        let view = SaleView(definition: definition, clock: try await engine.tick(saleID: saleID), draw: nil)
        directory.store(view)
        return view
    }
}
