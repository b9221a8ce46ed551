import FloodgateCore
import Foundation

extension FrameRenderer {
    /// The alerts view (`!`): the sale's alerts full screen, active first then history, each with
    /// its severity, age, guard, the figure that fired it and who acknowledged it when; `a`
    /// (greyed when it would send nothing) acknowledges the selected one.
    func drawAlerts(_ model: ConsoleModel, browser: AlertBrowser, area: Rect, now: Date, into grid: inout CellGrid) {
        let alerts = model.alertList
        let selected = model.selectedAlertIndex(browser)
        let active = alerts.count(where: \.isActive)
        var title = StyledLine("Alerts of \(model.selection.saleID ?? "")", .title)
        title.append(" \(active) active · \(alerts.count - active) in history", active > 0 ? .critical : .accent)
        let canAcknowledge = model.acknowledgeRefusal(alerts.indices.contains(selected) ? alerts[selected] : nil, now: now) == nil
        var footer = StyledLine("↑ ↓ select · Enter open · ", .dim)
        footer.append("a acknowledge", canAcknowledge ? .key : .dim)
        footer.append(" · Esc back", .dim)
        grid.drawBox(area, title: title, footer: footer, role: .focus, glyphs: glyphs)
        let interior = area.interior
        let columns = AlertColumns(width: interior.width)
        grid.draw(columns.header, x: interior.x, y: interior.y, width: interior.width)
        let rows = max(0, interior.height - 1)
        let first = max(0, min(selected - rows + 1, alerts.count - rows))
        for (row, index) in (first..<min(alerts.count, first + rows)).enumerated() {
            let line = columns.line(alerts[index], selected: index == selected, now: now, clock: clock, glyphs: glyphs)
            grid.draw(line, x: interior.x, y: interior.y + 1 + row, width: interior.width)
        }
        if alerts.isEmpty {
            let text = model.live.latest == nil ? "waiting for telemetry" : "no alerts: no guard has fired on this sale"
            grid.draw(StyledLine(text, .dim), x: interior.x + 2, y: interior.y + 1, width: interior.width - 2)
        }
        if browser.open, alerts.indices.contains(selected) { drawAlert(alerts[selected], into: &grid) }
    }

    /// One alert in full, over the view.
    private func drawAlert(_ alert: GuardAlert, into grid: inout CellGrid) {
        let width = min(grid.width - 8, 100)
        let fields = [("id", alert.id), ("guard", alert.guardName), ("severity", alert.severity.rawValue), ("since", alert.since),
                      ("cleared", alert.clearedAt ?? "active"), ("action", (alert.dryRun ? "would " : "") + alert.action),
                      ("acked", alert.acknowledgedBy.map { $0 + " " + (alert.acknowledgedAt ?? "") } ?? "not acknowledged")]
        var lines = fields.map { name, value in StyledLine(name.fitted(9), .dim) + StyledLine(value, .text) }
        lines.append(StyledLine("figure", .dim))
        lines += WordWrap.lines(alert.figure, width: width - 4).map { StyledLine("  " + $0, .text) }
        drawOverlay(title: "Alert", lines: Array(lines.prefix(grid.height - 4)), footer: "any key closes", role: .focus, into: &grid)
    }
}

/// The alerts view's columns at a width: the figure takes what the others leave.
struct AlertColumns {
    let severity = 9, age = 7, guardName = 17, state = 8, acknowledged: Int, figure: Int

    init(width: Int) {
        acknowledged = min(32, max(16, width / 5))
        figure = max(10, width - 2 - severity - age - guardName - state - acknowledged - 5)
    }

    var header: StyledLine {
        StyledLine("  " + ["severity".fitted(severity), "age".fitted(age), "guard".fitted(guardName), "state".fitted(state),
                           "figure — action".fitted(figure), "acknowledged"].joined(separator: " "), .dim)
    }

    /// `▸ CRITICAL  12s     conservation      ACTIVE   A: initial 100 … — pause  oscar@10.0.0.7 18:03:22`.
    func line(_ alert: GuardAlert, selected: Bool, now: Date, clock: WallClock, glyphs: Glyphs) -> StyledLine {
        var line = StyledLine(selected ? glyphs.pointer + " " : "  ", .focus)
        let severityRole: StyleRole = switch alert.severity {
        case .critical: .critical
        case .warning: .warn
        case .info: .accent
        }
        line.append(alert.severity.rawValue.uppercased().fitted(severity) + " ", alert.isActive ? severityRole : .dim)
        let fired = RFC3339.parse(alert.since).map { Figures.duration(Int(max(0, now.timeIntervalSince($0)))) } ?? "?"
        line.append(fired.fitted(age) + " " + alert.guardName.fitted(guardName) + " ", selected ? .selection : .text)
        line.append((alert.isActive ? "ACTIVE" : "cleared").fitted(state) + " ", alert.isActive ? severityRole : .dim)
        let what = alert.figure + " — " + (alert.dryRun ? "would " : "") + alert.action
        line.append(StyledLine(what, selected ? .selection : .text).truncated(to: figure, ellipsis: glyphs.ellipsis).plainText.fitted(figure) + " ",
                    selected ? .selection : .text)
        if let actor = alert.acknowledgedBy {
            let at = alert.acknowledgedAt.flatMap(RFC3339.parse).map { " " + clock.time(of: $0) } ?? ""
            line.append((actor + at).fitted(acknowledged), .ok)
        } else {
            line.append("not acknowledged".fitted(acknowledged), alert.isActive ? .warn : .dim)
        }
        return line
    }
}
