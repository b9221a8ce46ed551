import Foundation

/// Renders a ``ConsoleModel`` into a ``CellGrid``: the whole frame, pure and testable as text.
public struct FrameRenderer: Sendable {
    /// The characters to draw with.
    public var glyphs: Glyphs
    /// The clock in the header and the event log.
    public var clock: WallClock

    /// Creates a renderer.
    public init(glyphs: Glyphs = .unicode, clock: WallClock = WallClock()) {
        self.glyphs = glyphs
        self.clock = clock
    }

    /// The frame for a `width` x `height` screen at `now`.
    public func render(_ model: ConsoleModel, width: Int, height: Int, now: Date) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard let layout = layout(model, width: width, height: height) else {
            drawTooSmall(into: &grid)
            return grid
        }
        grid.draw(HeaderBar.line(model, width: width, now: now, clock: clock, glyphs: glyphs), x: 0, y: 0, width: width)
        grid.draw(SummaryLine.line(model, width: width, now: now), x: 0, y: layout.summary.y, width: width)
        if case .audit(let browser) = model.mode {
            drawAudit(model, browser: browser, area: Rect(x: 0, y: 1, width: width, height: height - 3), into: &grid)
        } else if case .alerts(let browser) = model.mode {
            drawAlerts(model, browser: browser, area: Rect(x: 0, y: 1, width: width, height: height - 3), now: now, into: &grid)
        } else if case .sales(let index) = model.mode {
            drawOverview(model, index: index, area: Rect(x: 0, y: 1, width: width, height: height - 3), into: &grid)
        } else if model.selection.saleID == nil {
            drawSalePicker(model, into: &grid, area: Rect(x: 0, y: 2, width: width, height: height - 4))
        } else {
            for panel in PanelID.allCases {
                guard let rect = layout.panels[panel] else { continue }
                drawPanel(panel, model: model, rect: rect, stale: model.isStale(at: now), into: &grid)
            }
        }
        grid.draw(StatusLine.line(model, width: width, glyphs: glyphs), x: 0, y: layout.statusLine.y, width: width, fill: .status)
        grid.draw(KeyBar.line(model, width: width, now: now), x: 0, y: layout.keyBar.y, width: width)
        drawOverlay(model, into: &grid)
        return grid
    }

    /// "terminal too small: need 80x24", centred.
    private func drawTooSmall(into grid: inout CellGrid) {
        let lines = [
            "terminal too small: need \(DashboardLayout.minimumWidth)x\(DashboardLayout.minimumHeight)",
            "now \(grid.width)x\(grid.height); q quits",
        ]
        for (index, text) in lines.enumerated() {
            let row = grid.height / 2 - 1 + index
            let line = StyledLine(text, index == 0 ? .critical : .dim).truncated(to: grid.width)
            grid.draw(line, x: max(0, (grid.width - line.width) / 2), y: row, width: line.width)
        }
    }

    /// The dashboard's layout for `model` on a `width` x `height` screen: panels without data kept
    /// small, and the health panel's routes and the inventory's SKUs given the rows they need
    /// (the column's last panel takes the rest).
    public func layout(_ model: ConsoleModel, width: Int, height: Int) -> DashboardLayout? {
        guard let first = DashboardLayout(width: width, height: height, quiet: model.quietPanels) else { return nil }
        var wanted: [PanelID: Int] = [:]
        for panel in [PanelID.health, .inventory, .bots] {
            guard let interior = first.panels[panel]?.interior else { continue }
            let context = PanelContext(history: model.shown, glyphs: glyphs, width: interior.width, height: interior.height)
            let content = self.content(of: panel, model: model, context: context)
            wanted[panel] = content.fixed.count + content.list.count + 2
        }
        return DashboardLayout(width: width, height: height, quiet: model.quietPanels, wanted: wanted)
    }

    /// How far a panel can scroll at the model's terminal size: to its last line for the panels
    /// whose scroll position selects a line (the event log, the bot panel's offenders), else until
    /// the last line shows.
    public func scrollLimit(of panel: PanelID, model: ConsoleModel) -> Int {
        guard let rect = model.layout?.panels[panel] else { return 0 }
        let interior = rect.interior
        let context = PanelContext(history: model.shown, glyphs: glyphs, width: interior.width, height: interior.height)
        let content = self.content(of: panel, model: model, context: context)
        if panel == .events || panel == .bots { return max(0, content.list.count - 1) }
        return max(0, content.list.count - max(0, interior.height - content.fixed.count))
    }

    /// Draws a panel; while the data is `stale`, every figure but the event log's is dimmed.
    private func drawPanel(_ panel: PanelID, model: ConsoleModel, rect: Rect, stale: Bool, into grid: inout CellGrid) {
        let interior = rect.interior
        let context = PanelContext(history: model.shown, glyphs: glyphs, width: interior.width, height: interior.height, stale: stale)
        let content = self.content(of: panel, model: model, context: context)
        let focused = model.focus == panel
        let visibleList = max(0, interior.height - content.fixed.count)
        let offset = min(model.scroll[panel] ?? 0, max(0, content.list.count - visibleList))
        var lines = Array(content.fixed + content.list.dropFirst(offset))
        if stale, panel != .events { lines = lines.map(\.dimmed) }
        var title = StyledLine(focused ? glyphs.pointer + " " + panel.title : panel.title, focused ? .focus : .title)
        if !content.subtitle.isEmpty { title.append(" " + content.subtitle, .accent) }
        let hidden = content.list.count - offset - visibleList
        var footer = StyledLine()
        if offset > 0 { footer.append("\(glyphs.up)\(offset)", .dim) }
        if hidden > 0 { footer.append((offset > 0 ? " " : "") + "\(glyphs.down)\(hidden) more", .dim) }
        grid.drawBox(rect, title: title, footer: footer, role: focused ? .focus : .border, glyphs: glyphs)
        for (row, line) in lines.prefix(interior.height).enumerated() {
            grid.draw(line.truncated(to: interior.width, ellipsis: glyphs.ellipsis), x: interior.x, y: interior.y + row, width: interior.width)
        }
    }

    private func content(of panel: PanelID, model: ConsoleModel, context: PanelContext) -> PanelContent {
        switch panel {
        case .queue: QueuePanel.content(context, rateStep: RateStep.step(for: model.currentRate), rateTarget: model.rateTarget)
        case .inventory: InventoryPanel.content(context)
        case .reservations: ReservationsPanel.content(context)
        case .funnel: FunnelPanel.content(context)
        case .bots: BotPanel.content(context, selected: model.selectedOffender)
        case .health: HealthPanel.content(context)
        case .events:
            EventLogPanel.content(model.events.filtered(model.logFilter), filter: model.logFilter, clock: clock,
                                  selected: model.focus == .events ? model.scroll[.events] ?? 0 : nil, glyphs: glyphs)
        }
    }
}
