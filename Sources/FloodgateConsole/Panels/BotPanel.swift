import FloodgateCore

/// The sale's bot defense: the policy's mode, held and evicted sessions, blocks, the score
/// histogram and the top offenders by address with their main signal. The selected offender
/// (↑ ↓ with the panel focused) is the one `b` blocks.
enum BotPanel {
    static func content(_ context: PanelContext, selected: TelemetrySnapshot.Bots.Offender?) -> PanelContent {
        guard let bots = context.latest?.bots else { return PanelContent(fixed: [PanelContext.waiting]) }
        let subtitle = bots.mode.map { $0 == "enforce" ? "enforcing" : "dry run" } ?? ""
        guard hasData(bots) else {
            return PanelContent(subtitle: subtitle, fixed: [StyledLine("empty: bot defenses have not reported", .dim)])
        }
        var summary = context.pair("held ", Figures.count(bots.held ?? 0), role: (bots.held ?? 0) > 0 ? .warn : .text, figure: { Double($0.bots.held ?? 0) })
        summary.append("  evicted ", .dim)
        summary.append(Figures.count(bots.evicted ?? 0), (bots.evicted ?? 0) > 0 ? .warn : .text)
        summary.append("  blocked ", .dim)
        summary.append(Figures.count(bots.blocked), bots.blocked > 0 ? .warn : .text)
        summary.append("  sessions ", .dim)
        summary.append(Figures.count(bots.scoreHistogram.reduce(0, +)))
        let offenders = bots.topOffenders.map { offender(of: $0, selected: $0 == selected, width: context.width) }
        guard context.height >= 7 else {
            summary.append("  score ", .dim)
            let histogram = bots.scoreHistogram.map(Double.init)
            summary.append(Sparkline.render(histogram, width: histogram.count, glyphs: context.glyphs), .sparkline)
            return PanelContent(subtitle: subtitle, fixed: [summary], list: offenders)
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
        return PanelContent(subtitle: subtitle, fixed: [summary] + chart + [StyledLine("top offenders (b blocks the selected)", .dim)], list: offenders)
    }

    /// Whether the bot defense has reported anything: blocks, scored sessions or offenders.
    static func hasData(_ bots: TelemetrySnapshot.Bots) -> Bool {
        bots.blocked > 0 || bots.scoreHistogram.contains { $0 > 0 } || !bots.topOffenders.isEmpty
    }

    private static func offender(of offender: TelemetrySnapshot.Bots.Offender, selected: Bool, width: Int) -> StyledLine {
        var line = StyledLine(selected ? "▸ " : "  ", .focus)
        line.append(offender.source.fitted(max(8, min(18, width - 40))) + " ", selected ? .focus : .text)
        line.append("score ", .dim)
        line.append(Figures.decimal(offender.score, digits: 2), offender.score >= 0.7 ? .critical : .warn)
        line.append(Figures.count(offender.requests).fitted(5, alignRight: true) + " ids ", .dim)
        line.append(offender.mainSignal ?? "", .accent)
        return line
    }
}
