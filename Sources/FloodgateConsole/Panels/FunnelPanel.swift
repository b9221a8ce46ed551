import FloodgateCore

/// The conversion funnel on one basis, named in the title: every stage's bar and percentage is
/// its share of registrations; then the conversion from registered to committed, and how every
/// reservation ended (committed, cancelled, expired, released by a rollback or an eviction) or is live.
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
        let live = context.latest?.reservations.live ?? 0
        return PanelContent(subtitle: "% of registered", fixed: rows, list: [conversion(funnel)] + endings(funnel, live: live, context))
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

    /// How the reservations ended, as many rows as the width needs: reserved = committed +
    /// cancelled + expired + released + live.
    private static func endings(_ funnel: TelemetrySnapshot.Funnel, live: Int, _ context: PanelContext) -> [StyledLine] {
        let pairs = [
            context.pair("cancelled ", Figures.count(funnel.cancelled), figure: { Double($0.funnel.cancelled) }),
            context.pair("expired ", Figures.count(funnel.expired), figure: { Double($0.funnel.expired) }),
            context.pair("released ", funnel.released.map(Figures.count) ?? "--", role: (funnel.released ?? 0) > 0 ? .warn : .text,
                         figure: { Double($0.funnel.released ?? 0) }),
            context.pair("live ", Figures.count(live), figure: { Double($0.reservations.live) }),
        ]
        var rows: [StyledLine] = []
        var row = StyledLine("ended".fitted(11), .dim)
        for pair in pairs {
            if row.width > 11, row.width + 2 + pair.width > context.width {
                rows.append(row)
                row = StyledLine(String(repeating: " ", count: 11), .dim)
            }
            if row.width > 11 { row.append("  ") }
            row.append(pair)
        }
        return rows + [row]
    }
}
