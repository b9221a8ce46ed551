import Foundation

extension ConsoleModel {
    /// How many command lines the history keeps.
    static let historyCapacity = 50

    /// Keys on the `:` command line: `Enter` runs it, `Esc` (or backspace on an empty line) leaves
    /// it, ↑ ↓ recall the lines run before.
    mutating func handleCommandLine(_ key: Key, editor: LineEditor, now: Date) -> [ConsoleEffect] {
        var editor = editor
        switch key {
        case .escape:
            mode = .normal
        case .up, .down:
            mode = .command(recall(older: key == .up) ?? editor)
        case .enter:
            mode = .normal
            remember(editor.text)
            return run(editor.text, now: now)
        case .backspace where editor.text.isEmpty:
            mode = .normal
        default:
            if editor.edit(key) { mode = .command(editor) }
        }
        return []
    }

    /// The history line before (`older`) or after the one shown; an empty line past the newest.
    private mutating func recall(older: Bool) -> LineEditor? {
        guard !commandHistory.isEmpty else { return nil }
        let current = historyCursor ?? commandHistory.count
        let next = older ? max(0, current - 1) : current + 1
        guard next < commandHistory.count else {
            historyCursor = nil
            return LineEditor()
        }
        historyCursor = next
        return LineEditor(commandHistory[next])
    }

    private mutating func remember(_ line: String) {
        historyCursor = nil
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, commandHistory.last != line else { return }
        commandHistory.append(line)
        if commandHistory.count > Self.historyCapacity { commandHistory.removeFirst() }
    }

    /// Runs a command line (without its `:`).
    private mutating func run(_ line: String, now: Date) -> [ConsoleEffect] {
        switch ConsoleCommand.parse(line) {
        case .failure(let error):
            status = StatusMessage(error.message, tone: .failure)
            return []
        case .success(let command):
            return run(command, now: now)
        }
    }

    private mutating func run(_ command: ConsoleCommand, now: Date) -> [ConsoleEffect] {
        switch command {
        case .throttle(let rate): return request(.throttle(rate), key: ":throttle", now: now)
        case .pause: return request(.pause, key: ":pause", now: now)
        case .resume: return request(resumeAction, key: ":resume", now: now)
        case .halt: return request(.haltRegistration, key: ":halt", now: now)
        case .reopen: return request(.reopenRegistration, key: ":reopen", now: now)
        case .close: return request(.close, key: ":close", now: now)
        case .rollback: return request(.rollback, key: ":rollback", now: now)
        case .theme(let name): return [.loadTheme(name)]
        case .sale(let saleID): return switchSale(to: saleID, now: now)
        case .sales: return openOverview()
        case .freeze: toggleFreeze()
        case .help: mode = .help
        case .quit: return [.quit]
        }
        return []
    }
}
