import FloodgateCore
import Foundation

/// The bottom row: the kill switches first, then the other keys; the least needed keys are left
/// out when the row is too narrow.
enum KeyBar {
    static func line(_ model: ConsoleModel, width: Int, now: Date) -> StyledLine {
        var entries: [(line: StyledLine, priority: Int)] = []
        if model.options.readonly {
            entries.append((StyledLine(" [LOCK] read-only: switches unbound ", .badgeInfo), 10))
        } else if model.isStale(at: now) {
            entries.append((StyledLine(" switches off while stale ", .badgeCritical), 10))
        } else {
            entries += switches(model)
        }
        entries += [
            (entry(":", "Cmd"), 5), (entry("/", "Filter"), 5), (entry("A", "Audit"), 5), (entry("!", "Alerts"), 5), (entry("f", model.isFrozen ? "Unfreeze" : "Freeze"), 6),
            (entry("Tab", "Panel"), 4), (entry("?", "Help"), 8), (entry("q", "Quit"), 8),
        ]
        while entries.count > 1, entries.reduce(entries.count - 1, { $0 + $1.line.width }) > width {
            let lowest = entries.map(\.priority).min()!
            entries.remove(at: entries.lastIndex { $0.priority == lowest }!)
        }
        var line = StyledLine()
        for (index, entry) in entries.enumerated() {
            if index > 0 { line.append(" ") }
            line.append(entry.line)
        }
        return line
    }

    /// The switches with labels that say what they would do now; those that do not apply to the
    /// sale's state are greyed out.
    private static func switches(_ model: ConsoleModel) -> [(line: StyledLine, priority: Int)] {
        let latest = model.live.latest
        let paused = latest?.state == "paused"
        let reopen = latest?.registrationOpen == false
        let enforcing = latest?.bots.mode == "enforce"
        let rows: [(String, String, ControlAction, Int)] = [
            ("p", paused ? "Resume" : "Pause", paused ? model.resumeAction : .pause, 10),
            ("+/-", "±\(RateStep.step(for: model.currentRate))", .throttle(model.currentRate), 9),
            ("t", "Rate", .throttle(model.currentRate), 9),
            ("h", reopen ? "Reopen reg" : "Halt reg", reopen ? .reopenRegistration : .haltRegistration, 10),
            ("x", "Close", .close, 10),
            ("R", "Rollback", .rollback, 10),
            ("b", "Block", .block(source: ""), 7),
            ("m", enforcing ? "Observe" : "Enforce", .botMode(enforcing ? "observe" : "enforce"), 7),
        ]
        return rows.map { key, label, action, priority in
            (entry(key, label, enabled: model.stateRefusal(action, key: key) == nil), priority)
        }
    }

    private static func entry(_ key: String, _ label: String, enabled: Bool = true) -> StyledLine {
        var line = StyledLine(" " + key + " ", enabled ? .key : .dim)
        line.append(label, enabled ? .text : .dim)
        return line
    }
}
