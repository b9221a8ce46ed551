extension FrameRenderer {
    /// The screen before a sale is chosen: the list to pick from, or why there is none yet.
    func drawSalePicker(_ model: ConsoleModel, into grid: inout CellGrid, area: Rect) {
        var lines: [StyledLine]
        var title = "Sales on \(model.options.endpoint)"
        switch model.selection {
        case .picking(let sales, let index):
            title = "Choose a sale (↑ ↓, Enter)"
            let idWidth = min(24, sales.map(\.id.count).max() ?? 0)
            lines = sales.enumerated().map { offset, sale in
                let selected = offset == index
                var line = StyledLine(selected ? glyphs.pointer + " " : "  ", .accent)
                line.append(sale.id.fitted(idWidth) + "  " + sale.name.fitted(24) + " ", selected ? .selection : .text)
                line.append(HeaderBar.stateBadge(sale.state))
                return line
            }
        case .discovering(let problem):
            lines = [StyledLine("looking for sales on \(model.options.endpoint)…", .dim)]
            if let problem { lines.append(StyledLine(problem, .warn)) }
        case .selected:
            lines = []
        }
        let width = min(area.width - 4, max(50, (lines.map(\.width).max() ?? 0) + 4))
        let rect = area.centred(width: width, height: min(area.height, lines.count + 2))
        grid.drawBox(rect, title: StyledLine(title, .title), role: .focus, glyphs: glyphs)
        for (row, line) in lines.prefix(rect.interior.height).enumerated() {
            grid.draw(line, x: rect.interior.x + 1, y: rect.interior.y + row, width: rect.interior.width - 2)
        }
    }
}
