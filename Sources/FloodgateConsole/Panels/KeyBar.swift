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
            (entry(":", "Cmd"), 5), (entry("/", "Filter"), 5), (entry("f", model.isFrozen ? "Unfreeze" : "Freeze"), 6),
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

    /// The switches with labels that say what they would do now.
    private static func switches(_ model: ConsoleModel) -> [(line: StyledLine, priority: Int)] {
        let latest = model.live.latest
        return [
            (entry("p", latest?.state == "paused" ? "Resume" : "Pause"), 10),
            (entry("+/-", "±\(RateStep.step(for: model.currentRate))"), 9),
            (entry("t", "Rate"), 9),
            (entry("h", latest?.registrationOpen == false ? "Reopen reg" : "Halt reg"), 10),
            (entry("x", "Close"), 10),
            (entry("R", "Rollback"), 10),
            (entry("b", "Block"), 7),
            (entry("m", latest?.bots.mode == "enforce" ? "Observe" : "Enforce"), 7),
        ]
    }

    private static func entry(_ key: String, _ label: String) -> StyledLine {
        var line = StyledLine(" " + key + " ", .key)
        line.append(label)
        return line
    }
}
