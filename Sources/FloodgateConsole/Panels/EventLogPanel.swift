import Foundation

/// The event log: audit entries, guard actions, alerts and the console's own results, newest first,
/// each with a text tag.
enum EventLogPanel {
    static func content(_ entries: [EventEntry], filter: String, clock: WallClock) -> PanelContent {
        let subtitle = filter.isEmpty ? "" : "/" + filter
        guard !entries.isEmpty else {
            let empty = filter.isEmpty ? "no events yet" : "no events match '\(filter)'"
            return PanelContent(subtitle: subtitle, list: [StyledLine(empty, .dim)])
        }
        return PanelContent(subtitle: subtitle, list: entries.map { line($0, clock: clock) })
    }

    private static func line(_ entry: EventEntry, clock: WallClock) -> StyledLine {
        var line = StyledLine(clock.time(of: entry.at) + " ", .dim)
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
