/// The help overlay: every key, and the commands.
enum HelpText {
    static let switches: [(String, String)] = [
        ("p", "pause (confirm) / resume (type id after a guard)"),
        ("+ -", "raise / lower the rate by the step (confirm 0 or < half)"),
        ("t", "set an exact admission rate (:throttle N)"),
        ("h", "halt registration (confirm) / reopen it"),
        ("x", "close the sale (confirm)"),
        ("R", "roll back: release reservations (confirm, type id)"),
        ("b", "block the bot panel's selected offender (confirm)"),
        ("m", "bot policy: switch observe / enforce (confirm)"),
    ]

    static let others: [(String, String)] = [
        (":", "command line (:help lists them; ↑ ↓ recall earlier ones)"),
        ("/", "filter the event log; Esc clears the filter"),
        ("f", "freeze the display; data is still collected"),
        ("A · !", "audit trail (/ filters) · alerts (a acknowledges)"),
        ("S", "every sale: state, sell-through, alerts; Enter watches"),
        ("Tab", "move between panels (Shift-Tab back)"),
        ("↑ ↓ PgUp PgDn", "scroll the focused panel"),
        ("Enter", "open the selected event in full (Events focused)"),
        ("Esc", "clear the status line and the filter; cancel a modal"),
        ("?", "this help"),
        ("q", "quit the console (the sale is untouched)"),
    ]

    static func lines(readonly: Bool) -> [StyledLine] {
        var lines = (readonly ? [] : switches).map(line)
        if readonly { lines.append(StyledLine("[LOCK] read-only: the switches are unbound", .badgeInfo)) }
        lines += others.map(line)
        lines.append(StyledLine())
        lines += WordWrap.lines(ConsoleCommand.usage, width: 66).map { StyledLine($0, .dim) }
        return lines
    }

    private static func line(_ entry: (String, String)) -> StyledLine {
        var line = StyledLine(entry.0.fitted(14), .accent)
        line.append(entry.1)
        return line
    }
}
