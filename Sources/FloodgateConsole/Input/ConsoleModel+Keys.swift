import Foundation

extension ConsoleModel {
    /// Applies a key press.
    /// - Returns: the effects to run: control calls, a sale to watch, a theme to load, quitting.
    public mutating func handle(_ key: Key, now: Date) -> [ConsoleEffect] {
        if key == .interrupt { return [.quit] }
        if key == .resize { return [] }
        guard fitsTerminal else { return key == .character("q") ? [.quit] : [] }
        switch mode {
        case .normal:
            if case .picking(let sales, let index) = selection { return handlePicker(key, sales: sales, index: index, now: now) }
            return handleDashboard(key, now: now)
        case .help, .detail:
            mode = .normal
            return []
        case .audit(let browser):
            return handleAudit(key, browser: browser)
        case .sales(let index):
            return handleOverview(key, index: index, now: now)
        case .alerts(let browser):
            return handleAlerts(key, browser: browser, now: now)
        case .confirm(let modal):
            return handleConfirm(key, modal: modal, now: now)
        case .command(let editor):
            return handleCommandLine(key, editor: editor, now: now)
        case .filter(let editor):
            handleFilter(key, editor: editor)
            return []
        }
    }

    private mutating func handleDashboard(_ key: Key, now: Date) -> [ConsoleEffect] {
        guard case .character(let character) = key else {
            navigate(key)
            return []
        }
        switch character {
        case "q": return [.quit]
        case "?": mode = .help
        case "f": toggleFreeze()
        case ":":
            historyCursor = nil
            mode = .command(LineEditor())
        case "/": mode = .filter(LineEditor(logFilter))
        case "S": return openOverview()
        case "!": openAlerts()
        case "A":
            guard let saleID = selection.saleID else { return [] }
            mode = .audit(AuditBrowser())
            return [.loadAudit(saleID)]
        default: return handleSwitch(character, now: now)
        }
        return []
    }

    /// `Tab` moves the focus down each column, then to the next; arrows and pages scroll the
    /// focused panel (never past its end); `Enter` on the event log opens the selected line;
    /// `Esc` clears the status line and the event-log filter.
    private mutating func navigate(_ key: Key) {
        switch key {
        case .tab, .backTab: focus = nextPanel(backwards: key == .backTab)
        case .down: scrollFocused(by: 1)
        case .up: scrollFocused(by: -1)
        case .pageDown: scrollFocused(by: 10)
        case .pageUp: scrollFocused(by: -10)
        case .enter: openSelectedEvent()
        case .escape:
            status = nil
            if !logFilter.isEmpty {
                logFilter = ""
                scroll[.events] = 0
            }
        default: break
        }
    }

    /// The panel after the focused one in the layout's `Tab` order.
    private func nextPanel(backwards: Bool) -> PanelID {
        let order = layout?.tabOrder ?? PanelID.allCases
        let index = order.firstIndex(of: focus) ?? 0
        return order[(index + (backwards ? order.count - 1 : 1)) % order.count]
    }

    private mutating func scrollFocused(by lines: Int) {
        let limit = FrameRenderer().scrollLimit(of: focus, model: self)
        scroll[focus] = min(limit, max(0, (scroll[focus] ?? 0) + lines))
    }

    /// The event log's selected line in full, when the log has the focus.
    private mutating func openSelectedEvent() {
        let entries = events.filtered(logFilter)
        guard focus == .events, !entries.isEmpty else { return }
        let entry = entries[min(scroll[.events] ?? 0, entries.count - 1)]
        mode = .detail(DetailView(title: entry.kind.rawValue, at: entry.at, lines: entry.fullText))
    }

    private mutating func handlePicker(_ key: Key, sales: [SaleSummary], index: Int, now: Date) -> [ConsoleEffect] {
        switch key {
        case .up: selection = .picking(sales, index: max(0, index - 1))
        case .down, .tab: selection = .picking(sales, index: min(sales.count - 1, index + 1))
        case .enter:
            select(sales[index].id, now: now)
            return [.selectSale(sales[index].id)]
        case .character("q"): return [.quit]
        case .character("?"): mode = .help
        default: break
        }
        return []
    }

    private mutating func handleFilter(_ key: Key, editor: LineEditor) {
        var editor = editor
        switch key {
        case .escape:
            logFilter = ""
            mode = .normal
        case .enter:
            mode = .normal
        default:
            guard editor.edit(key) else { return }
            logFilter = editor.text
            scroll[.events] = 0
            mode = .filter(editor)
        }
    }
}
