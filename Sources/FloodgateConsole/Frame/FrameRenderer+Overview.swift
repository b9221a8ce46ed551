extension FrameRenderer {
    /// The sales overview (`S`): one line a sale with its state, sell-through, queue and active
    /// alerts, and a guard's pause called out.
    func drawOverview(_ model: ConsoleModel, index: Int, area: Rect, into grid: inout CellGrid) {
        let sales = model.overview ?? []
        let title = StyledLine("Sales on \(model.options.endpoint)", .title) + StyledLine(model.overview == nil ? " reading…" : " \(sales.count)", .accent)
        grid.drawBox(area, title: title, footer: StyledLine("↑ ↓ select · Enter watch · r reload · Esc back", .dim), role: .focus, glyphs: glyphs)
        let interior = area.interior
        let idWidth = min(24, max(4, sales.map(\.id.count).max() ?? 4))
        for (row, sale) in sales.prefix(interior.height).enumerated() {
            let highlighted = row == index
            var line = StyledLine(highlighted ? glyphs.pointer + " " : "  ", .focus)
            line.append(sale.id.fitted(idWidth) + "  " + sale.name.fitted(20) + " ", highlighted ? .selection : .text)
            line.append(HeaderBar.stateBadge(sale.state))
            line.append("  sold " + Figures.percent(sale.sellThrough).fitted(6, alignRight: true) + "  queue " + Figures.count(sale.queue).fitted(8, alignRight: true), .text)
            line.append("  ")
            line.append(sale.activeAlerts == 0 ? StyledLine("0 alerts", .dim)
                : StyledLine("\(sale.activeAlerts) ALERT" + (sale.activeAlerts == 1 ? "" : "S"), .critical))
            if sale.id == model.selection.saleID { line.append("  (watching)", .dim) }
            if let actor = sale.pausedBy { line.append("  paused by " + actor, actor.hasPrefix("guard:") ? .critical : .warn) }
            grid.draw(line, x: interior.x, y: interior.y + row, width: interior.width)
        }
    }
}
