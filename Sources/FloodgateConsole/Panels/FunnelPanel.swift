import FloodgateCore

/// The conversion funnel: registered, admitted, reserved, committed; each stage's share of the one
/// before, and a bar against registrations.
enum FunnelPanel {
    static func content(_ context: PanelContext) -> PanelContent {
        guard let funnel = context.latest?.funnel else { return PanelContent(fixed: [PanelContext.waiting]) }
        let stages: [(String, Int, Int?, (TelemetrySnapshot) -> Double)] = [
            ("registered", funnel.registered, nil, { Double($0.funnel.registered) }),
            ("admitted", funnel.admitted, funnel.registered, { Double($0.funnel.admitted) }),
            ("reserved", funnel.reserved, funnel.admitted, { Double($0.funnel.reserved) }),
            ("committed", funnel.committed, funnel.reserved, { Double($0.funnel.committed) }),
        ]
        let barWidth = max(4, context.width - 11 - 8 - 3 - 7)
        var rows = stages.map { name, value, previous, figure -> StyledLine in
            let share = previous.map { $0 > 0 ? Double(value) / Double($0) : 0 }
            let fraction = funnel.registered > 0 ? Double(value) / Double(funnel.registered) : 0
            let bar = Gauge.bar(fraction: fraction, width: barWidth, glyphs: context.glyphs)
            return context.figureRow(name, Figures.count(value), figure: figure, note: bar + Figures.percent(share ?? 1).fitted(7, alignRight: true))
        }
        var losses = StyledLine("lost".fitted(11), .dim)
        losses.append(context.pair("cancelled ", Figures.count(funnel.cancelled), figure: { Double($0.funnel.cancelled) }))
        losses.append(context.pair("  expired ", Figures.count(funnel.expired), figure: { Double($0.funnel.expired) }))
        rows.append(losses)
        return PanelContent(fixed: rows)
    }
}
