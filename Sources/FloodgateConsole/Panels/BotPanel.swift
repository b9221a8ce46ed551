import FloodgateCore

/// Bot defenses: the score histogram, how many sources are blocked, the worst offenders.
/// Empty until the defenses report anything.
enum BotPanel {
    static func content(_ context: PanelContext) -> PanelContent {
        guard let bots = context.latest?.bots else { return PanelContent(fixed: [PanelContext.waiting]) }
        guard bots.blocked > 0 || bots.scoreHistogram.contains(where: { $0 > 0 }) || !bots.topOffenders.isEmpty else {
            return PanelContent(fixed: [StyledLine("empty: bot defenses have not reported", .dim)])
        }
        let blockedRole: StyleRole = bots.blocked > 0 ? .warn : .text
        var summary = context.pair("blocked ", Figures.count(bots.blocked), role: blockedRole, figure: { Double($0.bots.blocked) })
        summary.append("   sources ", .dim)
        summary.append(Figures.count(bots.scoreHistogram.reduce(0, +)))
        let offenders = bots.topOffenders.map { offender(of: $0, width: context.width) }
        guard context.height >= 7 else {
            summary.append("  score ", .dim)
            let histogram = bots.scoreHistogram.map(Double.init)
            summary.append(Sparkline.render(histogram, width: histogram.count, glyphs: context.glyphs), .sparkline)
            return PanelContent(fixed: [summary], list: offenders)
        }
        let chartHeight = min(6, context.height - 4)
        let barWidth = max(1, min(3, (context.width - 9) / 10))
        let bars = Sparkline.bars(bots.scoreHistogram, height: chartHeight, barWidth: barWidth, glyphs: context.glyphs)
        var chart = bars.map { bar -> StyledLine in
            var line = StyledLine("      ", .dim)
            line.append(bar, .sparkline)
            return line
        }
        let axis = (0..<bots.scoreHistogram.count).map { "." + String($0) }.map { $0.fitted(barWidth + 1) }.joined()
        chart.append(StyledLine("score " + axis, .dim))
        return PanelContent(fixed: [summary] + chart + [StyledLine("top offenders", .dim)], list: offenders)
    }

    private static func offender(of offender: TelemetrySnapshot.Bots.Offender, width: Int) -> StyledLine {
        var line = StyledLine(offender.source.fitted(max(8, width - 23)) + " ", .text)
        line.append("score ", .dim)
        line.append(Figures.decimal(offender.score, digits: 2), offender.score >= 0.8 ? .critical : .warn)
        line.append(Figures.count(offender.requests).fitted(8, alignRight: true) + " req", .dim)
        return line
    }
}
