import FloodgateCore
import FloodgateEngine

/// What the daemon keeps in memory about one sale to answer `/queue/status` without Redis:
/// the definition, the admission figures of the last tick, and the lottery draw once made.
struct SaleView: Sendable {
    let definition: SaleDefinition
    var clock: SaleClock
    /// The lottery's permutation, rebuilt from the revealed seed; nil before the draw and for FIFO.
    var draw: LotteryDraw?

    /// The queue position of a registration ticket: the ticket itself in FIFO and for
    /// registrations after the draw; its place in the draw for pre-registrations; nil while a
    /// lottery has not been drawn.
    func position(of ticket: UInt64) -> UInt64? {
        guard definition.fairness == .lottery else { return ticket }
        guard let drawCount = clock.drawCount else { return nil }
        if ticket > UInt64(drawCount) { return ticket }
        return draw?.position(of: ticket)
    }

    /// What a shopper holding `ticket` sees now.
    func tokenState(ticket: UInt64) -> (state: TokenState, position: UInt64?) {
        let position = position(of: ticket)
        switch clock.state {
        case .closed: return (.closed, position)
        case .paused, .rollingBack: return (.paused, position)
        case .scheduled, .prequeue: return (.preRegistered, position)
        case .running, .soldOut: break
        }
        guard let position else { return (.preRegistered, nil) }
        if position <= clock.expiredThrough { return (.expired, position) }
        if position <= clock.admittedThrough { return (.admitted, position) }
        return (clock.state == .soldOut ? .soldOut : .waiting, position)
    }
}
