import FloodgateCore
import Foundation

extension FrameRenderer {
    /// The audit view (`A`): the sale's audit trail full screen, newest first, filterable, the
    /// selected entry open in full on `Enter`.
    func drawAudit(_ model: ConsoleModel, browser: AuditBrowser, area: Rect, into grid: inout CellGrid) {
        let entries = model.auditEntries(browser)
        var title = StyledLine("Audit trail of \(model.selection.saleID ?? "")", .title)
        let count = model.auditTrail.map { "\(entries.count) of \($0.count) entries" } ?? "reading…"
        title.append(" " + count + (browser.filter.text.isEmpty ? "" : " matching /" + browser.filter.text), .accent)
        grid.drawBox(area, title: title, footer: StyledLine("↑ ↓ select · Enter open · / filter · r reload · Esc back", .dim), role: .focus, glyphs: glyphs)
        let interior = area.interior
        let widths = (time: 19, actor: min(28, max(12, interior.width / 5)), action: 14, result: 16)
        var header = StyledLine("  " + "at".fitted(widths.time) + " " + "actor".fitted(widths.actor) + " " + "action".fitted(widths.action) + " ", .dim)
        let detailWidth = max(8, interior.width - header.width - widths.result - 1)
        header.append("detail".fitted(detailWidth) + " " + "result", .dim)
        grid.draw(header, x: interior.x, y: interior.y, width: interior.width)
        let rows = max(0, interior.height - 1)
        let first = max(0, min(browser.selected - rows + 1, entries.count - rows))
        for (row, index) in (first..<min(entries.count, first + rows)).enumerated() {
            let entry = entries[index]
            let selected = index == browser.selected
            var line = StyledLine(selected ? glyphs.pointer + " " : "  ", .focus)
            let at = entry.at.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
            let text = at.fitted(widths.time) + " " + entry.actor.fitted(widths.actor) + " " + entry.action.fitted(widths.action) + " "
                + entry.detail.fitted(detailWidth) + " "
            line.append(text, selected ? .selection : .text)
            line.append(entry.result.fitted(widths.result), entry.result == "ok" ? .ok : .critical)
            grid.draw(line, x: interior.x, y: interior.y + 1 + row, width: interior.width)
        }
        if entries.isEmpty, model.auditTrail != nil {
            grid.draw(StyledLine(browser.filter.text.isEmpty ? "no audit entries" : "no entries match /" + browser.filter.text, .dim),
                      x: interior.x + 2, y: interior.y + 1, width: interior.width - 2)
        }
        if browser.open, entries.indices.contains(browser.selected) { drawAuditEntry(entries[browser.selected], into: &grid) }
    }

    /// One audit entry in full, over the view.
    private func drawAuditEntry(_ entry: TelemetrySnapshot.AuditEntry, into grid: inout CellGrid) {
        let width = min(grid.width - 8, 100)
        let fields = [("at", entry.at), ("actor", entry.actor), ("action", entry.action), ("result", entry.result), ("id", entry.id)]
        var lines = fields.map { name, value in StyledLine(name.fitted(8), .dim) + StyledLine(value, .text) }
        lines.append(StyledLine("detail", .dim))
        lines += WordWrap.lines(entry.detail.isEmpty ? "(none)" : entry.detail, width: width - 4).map { StyledLine("  " + $0, .text) }
        drawOverlay(title: "Audit entry", lines: Array(lines.prefix(grid.height - 4)), footer: "any key closes", role: .focus, into: &grid)
    }
}
