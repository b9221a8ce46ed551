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
        case .help:
            mode = .normal
            return []
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
        case ":": mode = .command(LineEditor())
        case "/": mode = .filter(LineEditor(logFilter))
        default: return handleSwitch(character, now: now)
        }
        return []
    }

    /// `Tab` moves the focus; arrows and pages scroll the focused panel; `Esc` clears the status.
    private mutating func navigate(_ key: Key) {
        switch key {
        case .tab, .backTab: focus = focus.next(backwards: key == .backTab)
        case .down: scrollFocused(by: 1)
        case .up: scrollFocused(by: -1)
        case .pageDown: scrollFocused(by: 10)
        case .pageUp: scrollFocused(by: -10)
        case .escape: status = nil
        default: break
        }
    }

    private mutating func scrollFocused(by lines: Int) {
        scroll[focus] = max(0, (scroll[focus] ?? 0) + lines)
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
