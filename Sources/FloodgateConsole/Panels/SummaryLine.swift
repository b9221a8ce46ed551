import FloodgateCore
import Foundation

/// The row under the header, for the first five seconds: the state and why, time into the sale
/// and left, overall sell-through, when the stock sells out (all of it, and the soonest SKU, at the
/// recent pace), the active alerts and whether the daemon answers; on a narrow screen the time,
/// then the sell-through, then the sell-out give way. Dim while the data is stale.
enum SummaryLine {
    static func line(_ model: ConsoleModel, width: Int, now: Date) -> StyledLine {
        guard model.selection.saleID != nil, let snapshot = model.shown.latest else { return StyledLine() }
        let outlook = StockOutlook(history: model.shown)
        // Each part with its rank: the least needed go first when the row is too narrow.
        var parts = [(state(snapshot), 9), (timing(snapshot, now: now), 4), (sellThrough(outlook), 5), (sellOut(outlook), 6),
                     (alerts(snapshot, new: model.newAlertCount), 8), (daemon(model, now: now), 7)].filter { $0.0.width > 0 }
        while parts.count > 1, parts.reduce(1 + 3 * (parts.count - 1), { $0 + $1.0.width }) > width,
            let lowest = parts.indices.min(by: { parts[$0].1 < parts[$1].1 })
        {
            parts.remove(at: lowest)
        }
        var line = StyledLine(" ")
        for (part, _) in parts {
            if line.width > 1 { line.append(" · ", .dim) }
            line.append(part)
        }
        return model.isStale(at: now) ? line.dimmed : line
    }

    /// `selling`, `admission stopped`, `paused: <reason>`, or the state's name.
    static func state(_ snapshot: TelemetrySnapshot) -> StyledLine {
        switch SaleState(rawValue: snapshot.state) {
        case .running where snapshot.queue.admitPerSecond == 0: StyledLine("admission stopped", .warn)
        case .running: StyledLine("selling", .ok)
        case .paused:
            StyledLine("paused: " + (snapshot.pauseReason ?? "no reason given"), snapshot.pausedBy?.hasPrefix("guard:") == true ? .critical : .warn)
        default: StyledLine(snapshot.state.replacingOccurrences(of: "_", with: " "), .accent)
        }
    }

    /// `2m10s in, 57m50s left`, `starts in 4m`, or `2m10s in, no end`.
    static func timing(_ snapshot: TelemetrySnapshot, now: Date) -> StyledLine {
        guard let start = snapshot.startsAt.flatMap(RFC3339.parse) else { return StyledLine() }
        let elapsed = Int(saturating: now.timeIntervalSince(start))
        guard elapsed >= 0 else { return StyledLine("starts in " + Figures.duration(-elapsed), .accent) }
        var line = StyledLine(Figures.duration(elapsed) + " in", .text)
        if let end = snapshot.endsAt.flatMap(RFC3339.parse) {
            line.append(", " + Figures.duration(max(0, Int(saturating: end.timeIntervalSince(now)))) + " left")
        } else {
            line.append(", no end", .dim)
        }
        return line
    }

    /// `sold 54%`.
    static func sellThrough(_ outlook: StockOutlook) -> StyledLine {
        var line = StyledLine("sold ", .dim)
        line.append(Figures.percent(outlook.total.sellThrough), .accent)
        return line
    }

    /// `sells out ~4m05s, first AJ1-RED-42 ~1m10s` (the first named when it differs), `SOLD OUT`,
    /// or `sells out --` while some SKU does not sell.
    static func sellOut(_ outlook: StockOutlook) -> StyledLine {
        if outlook.total.available <= 0 { return StyledLine("SOLD OUT", .critical) }
        var line = StyledLine("sells out ", .dim)
        line.append(outlook.total.etaSeconds.map { "~" + Figures.duration($0) } ?? "--", outlook.total.tag == .low ? .warn : .text)
        if let soonest = outlook.soonest, soonest.etaSeconds != outlook.total.etaSeconds {
            line.append(", first ", .dim)
            line.append(soonest.name + " ~" + Figures.duration(soonest.etaSeconds), soonest.tag == .low ? .warn : .text)
        }
        return line
    }

    /// `0 alerts` or `2 ALERTS`: the guards' active alerts (stock not conserved counts as one
    /// even before its guard has raised it), then `3 new (!)`: those raised since the operator
    /// last opened the alerts view.
    static func alerts(_ snapshot: TelemetrySnapshot, new: Int) -> StyledLine {
        let active = snapshot.alerts.filter(\.isActive).count
        let count = max(active, snapshot.conservation.violations.isEmpty ? 0 : 1)
        var line = count == 0 ? StyledLine("0 alerts", .ok) : StyledLine("\(count) ALERT" + (count == 1 ? "" : "S"), .critical)
        if new > 0 { line.append(", \(new) new (!)", .warn) }
        return line
    }

    /// `daemon answers`, or how long it has been silent.
    static func daemon(_ model: ConsoleModel, now: Date) -> StyledLine {
        guard model.isStale(at: now) else { return StyledLine("daemon answers", .ok) }
        return StyledLine("daemon silent " + Figures.age(model.live.age(at: now) ?? 0), .critical)
    }
}
