import FloodgateCore

/// The conversion funnel on one basis, named in the title: every stage's bar and percentage is
/// its share of registrations; then the conversion from registered to committed, and what became
/// of the reservations that did not end in an order.
enum FunnelPanel {
    static func content(_ context: PanelContext) -> PanelContent {
        guard let funnel = context.latest?.funnel else { return PanelContent(fixed: [PanelContext.waiting]) }
        let stages: [(String, Int, (TelemetrySnapshot) -> Double)] = [
            ("registered", funnel.registered, { Double($0.funnel.registered) }),
            ("admitted", funnel.admitted, { Double($0.funnel.admitted) }),
            ("reserved", funnel.reserved, { Double($0.funnel.reserved) }),
            ("committed", funnel.committed, { Double($0.funnel.committed) }),
        ]
        let barWidth = max(4, context.width - 11 - 8 - 3 - 7)
        let rows = stages.map { name, value, figure -> StyledLine in
            let share = shareOfRegistered(value, funnel)
            let bar = Gauge.bar(fraction: share ?? 0, width: barWidth, glyphs: context.glyphs)
            return context.figureRow(name, Figures.count(value), figure: figure, note: bar + Figures.percent(share).fitted(7, alignRight: true))
        }
        return PanelContent(subtitle: "% of registered", fixed: rows, list: [conversion(funnel), losses(funnel, context)])
    }

    /// `value` as a share of registrations; nil before the first.
    private static func shareOfRegistered(_ value: Int, _ funnel: TelemetrySnapshot.Funnel) -> Double? {
        funnel.registered > 0 ? Double(value) / Double(funnel.registered) : nil
    }

    /// `conversion  6.2% registered→committed`.
    private static func conversion(_ funnel: TelemetrySnapshot.Funnel) -> StyledLine {
        var line = StyledLine("conversion".fitted(11), .dim)
        line.append(Figures.percent(shareOfRegistered(funnel.committed, funnel)), .accent)
        line.append(" registered→committed", .dim)
        return line
    }

    private static func losses(_ funnel: TelemetrySnapshot.Funnel, _ context: PanelContext) -> StyledLine {
        var line = StyledLine("lost".fitted(11), .dim)
        line.append(context.pair("cancelled ", Figures.count(funnel.cancelled), figure: { Double($0.funnel.cancelled) }))
        line.append(context.pair("  expired ", Figures.count(funnel.expired), figure: { Double($0.funnel.expired) }))
        return line
    }
}
