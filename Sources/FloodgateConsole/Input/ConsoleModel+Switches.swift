import FloodgateCore
import Foundation

extension ConsoleModel {
    /// The kill-switch keys: `p`, `+`, `-`, `t`, `h`, `x`, `R`, and the bot panel's `b` and `m`.
    mutating func handleSwitch(_ character: Character, now: Date) -> [ConsoleEffect] {
        let latest = live.latest
        switch character {
        case "p": return request(latest?.state == "paused" ? resumeAction : .pause, key: "p", now: now)
        case "h": return request(latest?.registrationOpen == false ? .reopenRegistration : .haltRegistration, key: "h", now: now)
        case "x": return request(.close, key: "x", now: now)
        case "R": return request(.rollback, key: "R", now: now)
        case "m": return request(.botMode(latest?.bots.mode == "enforce" ? "observe" : "enforce"), key: "m", now: now)
        case "b":
            guard let offender = selectedOffender else {
                status = StatusMessage("no offender to block: the bot panel lists none", tone: .failure)
                return []
            }
            return request(.block(source: offender.source), key: "b", now: now)
        case "+", "=": return request(.throttle(RateStep.next(from: currentRate, up: true)), key: "+", now: now)
        case "-", "_": return request(.throttle(RateStep.next(from: currentRate, up: false)), key: "-", now: now)
        case "t":
            if let refusal = switchRefusal(key: "t", now: now) ?? stateRefusal(.throttle(currentRate), key: "t") {
                status = StatusMessage(refusal, tone: .failure)
            } else {
                mode = .command(LineEditor("throttle "))
            }
            return []
        default:
            return []
        }
    }

    /// Resume as the pause asks: after a guard's pause, or while the stock is not conserved (the
    /// guard does not pause a sale an operator paused first), the sale id must be typed; after an
    /// operator's pause of a sound sale, resume goes out at once.
    var resumeAction: ControlAction {
        guard let latest = live.latest else { return .resume }
        if let actor = latest.pausedBy, actor.hasPrefix("guard:") {
            return .resume(afterGuard: actor, reason: latest.pauseReason ?? "no reason given")
        }
        return latest.conservation.ok ? .resume : .resume(afterGuard: "guard:conservation", reason: "stock not conserved")
    }

    /// The bot panel's selected offender: the one ↑ ↓ moved to while the panel had the focus.
    public var selectedOffender: TelemetrySnapshot.Bots.Offender? {
        guard let offenders = live.latest?.bots.topOffenders, !offenders.isEmpty else { return nil }
        return offenders[min(scroll[.bots] ?? 0, offenders.count - 1)]
    }

    /// The admission rate `+` and `-` start from: the one last asked for, or the live one.
    public var currentRate: Int {
        rateTarget ?? Int(saturating: (live.latest?.queue.admitPerSecond ?? 0).rounded())
    }

    /// Why switches cannot be used now, or `nil` when they can.
    public func switchRefusal(key: String, now: Date) -> String? {
        if options.readonly { return "read-only console: \(key) is not bound (started with --readonly)" }
        if selection.saleID == nil { return "no sale selected" }
        if isStale(at: now) { return "switches are disabled while the data is stale" }
        return nil
    }

    /// Why `action` would do nothing to the sale in the state the telemetry shows, or is beyond
    /// the signed-in operator's role, or `nil`.
    func stateRefusal(_ action: ControlAction, key: String) -> String? {
        if let signIn, !signIn.role.allows(action.requiredRole) {
            return "\(key) needs the \(action.requiredRole.rawValue) role; \(signIn.name) is an \(signIn.role.rawValue)"
        }
        guard let state = live.latest?.state, let reason = action.refusal(inState: state) else { return nil }
        return "\(key) does not apply: \(reason)"
    }

    /// Sends an action, after a confirmation modal when it needs one (a throttle to 0 or a cut of
    /// more than half of the live rate does), unless switches are refused or the action does not
    /// apply to the sale's state.
    mutating func request(_ action: ControlAction, key: String, now: Date) -> [ConsoleEffect] {
        if let refusal = switchRefusal(key: key, now: now) ?? stateRefusal(action, key: key) {
            status = StatusMessage(refusal, tone: .failure)
            return []
        }
        guard let saleID = selection.saleID else { return [] }
        if action.needsConfirmation || action.isSteepCut(from: live.latest?.queue.admitPerSecond ?? 0) {
            mode = .confirm(ConfirmModal(action: action, saleID: saleID, saleName: saleName))
            return []
        }
        return send(action, saleID: saleID)
    }

    private mutating func send(_ action: ControlAction, saleID: String) -> [ConsoleEffect] {
        if let rate = action.throttleRate { rateTarget = rate }
        status = StatusMessage("sending \(action) to \(saleID)…")
        return [.perform(action, saleID: saleID)]
    }

    /// Keys in a confirmation modal: Cancel is focused; `Tab`, arrows and `y` move to confirm;
    /// `Enter` presses the focused button; `Esc` cancels. A typed-id modal takes characters as text.
    mutating func handleConfirm(_ key: Key, modal: ConfirmModal, now: Date) -> [ConsoleEffect] {
        var modal = modal
        let typing = modal.action.needsTypedSaleID
        switch key {
        case .escape:
            return cancel(modal)
        case .tab, .backTab, .left, .right:
            modal.focus = modal.focus == .cancel ? .confirm : .cancel
        case .character("y") where !typing:
            modal.focus = .confirm
        case .character("n") where !typing, .character("q") where !typing:
            return cancel(modal)
        case .enter:
            guard modal.focus == .confirm else { return cancel(modal) }
            return confirm(modal, now: now)
        default:
            if typing, modal.typed.edit(key) { modal.hint = nil }
        }
        mode = .confirm(modal)
        return []
    }

    private mutating func cancel(_ modal: ConfirmModal) -> [ConsoleEffect] {
        mode = .normal
        status = StatusMessage("cancelled: \(modal.action) of \(modal.saleID); nothing was sent")
        return []
    }

    private mutating func confirm(_ modal: ConfirmModal, now: Date) -> [ConsoleEffect] {
        guard modal.canConfirm else {
            var modal = modal
            modal.hint = "type \(modal.saleID) exactly to confirm"
            mode = .confirm(modal)
            return []
        }
        mode = .normal
        if let refusal = switchRefusal(key: "confirm", now: now) ?? stateRefusal(modal.action, key: "confirm") {
            status = StatusMessage("not sent: \(refusal)", tone: .failure)
            return []
        }
        return send(modal.action, saleID: modal.saleID)
    }
}
