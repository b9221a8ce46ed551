import FloodgateCore

/// Live reservations, how soon they expire, and how fast they do.
enum ReservationsPanel {
    static func content(_ context: PanelContext) -> PanelContent {
        guard let reservations = context.latest?.reservations else { return PanelContent(fixed: [PanelContext.waiting]) }
        var expiring = StyledLine("expiring".fitted(11), .dim)
        expiring.append(context.pair("≤10s ", Figures.count(reservations.expiringIn10s), role: reservations.expiringIn10s > 0 ? .warn : .text,
                                     figure: { Double($0.reservations.expiringIn10s) }))
        expiring.append(context.pair("  ≤30s ", Figures.count(reservations.expiringIn30s), figure: { Double($0.reservations.expiringIn30s) }))
        expiring.append(context.pair("  ≤60s ", Figures.count(reservations.expiringIn60s), figure: { Double($0.reservations.expiringIn60s) }))
        let live = context.figureRow("live", Figures.count(reservations.live), figure: { Double($0.reservations.live) })
        let expiries = context.figureRow("expiries", Figures.rate(reservations.expiriesPerSecond), figure: { $0.reservations.expiriesPerSecond })
        guard context.height < 3 else { return PanelContent(fixed: [live, expiring, expiries]) }
        var both = StyledLine("live".fitted(11), .dim)
        both.append(context.pair("", Figures.count(reservations.live), figure: { Double($0.reservations.live) }))
        both.append(context.pair("   expiries ", Figures.rate(reservations.expiriesPerSecond), figure: { $0.reservations.expiriesPerSecond }))
        return PanelContent(fixed: [both, expiring])
    }
}
