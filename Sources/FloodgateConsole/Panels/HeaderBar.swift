import FloodgateCore
import Foundation

/// The top row: the sale and its state badge on the left (dim while the data is stale; a running
/// sale at 0/s reads `admission stopped`, not a green RUNNING); FROZEN
/// with the frozen frame's age, READ-ONLY, OVERSELL, the connection and data age (not LIVE while
/// frozen), and the clock on the right.
enum HeaderBar {
    static func line(_ model: ConsoleModel, width: Int, now: Date, clock: WallClock, glyphs: Glyphs) -> StyledLine {
        let right = rightSide(model, now: now, clock: clock, glyphs: glyphs)
        var left = StyledLine(" FLOODGATE ", .accent)
        guard let saleID = model.selection.saleID else { return left.withRight(right, width: width) }
        left.append(" " + saleID, .title)
        var state = StyledLine()
        if let snapshot = model.shown.latest {
            state.append("  ")
            let stopped = snapshot.state == SaleState.running.rawValue && snapshot.queue.admitPerSecond == 0
            state.append(stopped ? StyledLine(stateBadge(snapshot.state).plainText, .badgeWarn) : stateBadge(snapshot.state))
            if stopped { state.append("  admission stopped", .warn) }
            state.append(pauseDetail(snapshot, clock: clock))
            if registrationMatters(snapshot.state) {
                state.append(snapshot.registrationOpen ? "  reg open" : "  REG HALTED", snapshot.registrationOpen ? .dim : .warn)
            }
            let room = width - left.width - state.width - right.width - 2
            if !snapshot.name.isEmpty, room >= 6 { left.append(" " + StyledLine(snapshot.name, .dim).truncated(to: room - 1).plainText, .dim) }
        }
        left.append(model.isStale(at: now) ? state.dimmed : state)
        return left.truncated(to: max(0, width - right.width - 1)).withRight(right, width: width)
    }

    /// The badge for a sale state: its name in capitals, never its colour alone.
    static func stateBadge(_ state: String) -> StyledLine {
        let role: StyleRole
        switch SaleState(rawValue: state) {
        case .running: role = .badgeOK
        case .paused, .scheduled, .prequeue: role = .badgeWarn
        case .rollingBack: role = .badgeCritical
        case .soldOut, .closed, nil: role = .badgeInfo
        }
        return StyledLine(" " + state.replacingOccurrences(of: "_", with: " ").uppercased() + " ", role)
    }

    /// Whether registration can happen in a state: not while paused, closed or rolling back, so
    /// the header does not say `reg open` then.
    static func registrationMatters(_ state: String) -> Bool {
        ![SaleState.paused, .closed, .rollingBack].contains(SaleState(rawValue: state))
    }

    /// After the PAUSED badge, who paused the sale, when and why:
    /// `by guard:conservation 22:41:03 — stock not conserved`; a guard's pause reads critical.
    static func pauseDetail(_ snapshot: TelemetrySnapshot, clock: WallClock) -> StyledLine {
        guard snapshot.state == SaleState.paused.rawValue else { return StyledLine() }
        var words: [String] = []
        if let actor = snapshot.pausedBy { words.append("by " + actor) }
        if let at = snapshot.pausedAt.flatMap(RFC3339.parse) { words.append(clock.time(of: at)) }
        if let reason = snapshot.pauseReason { words.append("— " + reason) }
        guard !words.isEmpty else { return StyledLine() }
        return StyledLine(words.joined(separator: " "), snapshot.pausedBy?.hasPrefix("guard:") == true ? .critical : .warn)
    }

    private static func rightSide(_ model: ConsoleModel, now: Date, clock: WallClock, glyphs: Glyphs) -> StyledLine {
        var line = StyledLine()
        if let frozen = model.frozen {
            line.append(" FROZEN " + Figures.age(frozen.age(at: now) ?? 0) + " ", .badgeCritical)
            line.append(" ")
        }
        if model.options.readonly { line.append(" [LOCK] READ-ONLY ", .badgeInfo); line.append(" ") }
        if model.live.latest?.conservation.ok == false { line.append(" OVERSELL ", .badgeCritical); line.append(" ") }
        if !model.isFrozen || model.isStale(at: now) { line.append(connection(model, now: now, glyphs: glyphs)) }
        line.append("  " + clock.time(of: now) + " ", .title)
        return line
    }

    /// LIVE with the data's age, STALE with it, or CONNECTING / OFFLINE before any data.
    static func connection(_ model: ConsoleModel, now: Date, glyphs: Glyphs) -> StyledLine {
        guard model.selection.saleID != nil else { return StyledLine() }
        var retry = StyledLine()
        if case .lost(_, _, let retryAt) = model.connection {
            retry.append(" retry " + Figures.age(max(0, retryAt.timeIntervalSince(now))), .dim)
        }
        guard let age = model.live.age(at: now) else {
            if case .lost = model.connection { return StyledLine(" OFFLINE ", .badgeCritical) + retry }
            return StyledLine(" CONNECTING ", .badgeWarn)
        }
        if model.isStale(at: now) { return StyledLine(" STALE " + Figures.age(age) + " ", .badgeCritical) + retry }
        return StyledLine(glyphs.liveDot + " LIVE " + Figures.age(age), .ok)
    }
}
