import Foundation

/// The event log: audit entries, guard actions, alerts and the console's own results, newest first,
/// each with a text tag, one line an action. With the focus, ↑ ↓ select a line (marked `▸`) and
/// `Enter` opens it in full.
enum EventLogPanel {
    /// - Parameter selected: the selected line's index while the log has the focus.
    static func content(_ entries: [EventEntry], filter: String, clock: WallClock, selected: Int? = nil, glyphs: Glyphs = .unicode) -> PanelContent {
        let subtitle = filter.isEmpty ? "" : "/" + filter
        guard !entries.isEmpty else {
            let empty = filter.isEmpty ? "no events yet" : "no events match '\(filter)'"
            return PanelContent(subtitle: subtitle, list: [StyledLine(empty, .dim)])
        }
        guard let selected else { return PanelContent(subtitle: subtitle, list: entries.map { line($0, clock: clock) }) }
        let chosen = min(selected, entries.count - 1)
        let lines = entries.enumerated().map { index, entry in
            StyledLine(index == chosen ? glyphs.pointer : " ", .focus) + line(entry, clock: clock, selected: index == chosen)
        }
        return PanelContent(subtitle: subtitle + (subtitle.isEmpty ? "" : " ") + "Enter opens", list: lines)
    }

    private static func line(_ entry: EventEntry, clock: WallClock, selected: Bool = false) -> StyledLine {
        var line = StyledLine(clock.time(of: entry.at) + " ", selected ? .selection : .dim)
        line.append(entry.kind.rawValue.fitted(8), role(of: entry.kind))
        line.append(entry.text)
        return line
    }

    private static func role(of kind: EventEntry.Kind) -> StyleRole {
        switch kind {
        case .admin, .console: .accent
        case .guardAction, .link: .warn
        case .alert, .failure: .critical
        }
    }
}
