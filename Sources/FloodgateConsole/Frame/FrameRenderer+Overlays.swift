extension FrameRenderer {
    /// Draws a boxed overlay of `lines` centred on the screen.
    func drawOverlay(title: String, lines: [StyledLine], footer: String, role: StyleRole, into grid: inout CellGrid) {
        let width = min(grid.width - 4, max(40, (lines.map(\.width).max() ?? 0) + 4))
        let rect = grid.bounds.centred(width: width, height: lines.count + 2)
        grid.drawBox(rect, title: StyledLine(title, .title), footer: StyledLine(footer, .dim), role: role, glyphs: glyphs)
        let interior = rect.interior
        for (row, line) in lines.prefix(interior.height).enumerated() {
            var padded = StyledLine(" ")
            padded.append(line.truncated(to: interior.width - 2, ellipsis: glyphs.ellipsis))
            grid.draw(padded, x: interior.x, y: interior.y + row, width: interior.width)
        }
    }

    /// The modal or help overlay of the current mode, if any.
    func drawOverlay(_ model: ConsoleModel, into grid: inout CellGrid) {
        switch model.mode {
        case .help:
            drawOverlay(title: "Keys", lines: HelpText.lines(readonly: model.options.readonly), footer: "any key closes", role: .focus, into: &grid)
        case .confirm(let modal):
            let width = min(grid.width - 8, 64)
            drawOverlay(title: "Confirm: \(modal.action)", lines: ConfirmText.lines(modal, width: width, glyphs: glyphs),
                        footer: "Tab/←→ move · Enter press · Esc cancel", role: .critical, into: &grid)
        case .detail(let detail):
            let width = min(grid.width - 8, 100)
            let title = detail.title + (detail.at.map { " " + clock.time(of: $0) } ?? "")
            let lines = detail.lines.flatMap { $0.isEmpty ? [StyledLine()] : WordWrap.lines($0, width: width).map { StyledLine($0, .text) } }
            drawOverlay(title: title, lines: Array(lines.prefix(grid.height - 4)), footer: "any key closes", role: .focus, into: &grid)
        default:
            break
        }
    }
}
