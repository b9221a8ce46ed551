import FloodgateCore
import Foundation

extension ConsoleModel {
    /// The sale's alerts as the alerts view lists them: the active ones first, then the history,
    /// each part newest first.
    public var alertList: [GuardAlert] {
        let alerts = (live.latest?.alerts ?? []).sorted { $0.since > $1.since }
        return alerts.filter(\.isActive) + alerts.filter { !$0.isActive }
    }

    /// Alerts raised since the operator last looked at the alerts view (or, before they ever
    /// did, those active when the console first saw the sale and raised since).
    public var newAlertCount: Int {
        guard let seenAlerts else { return 0 }
        return (live.latest?.alerts ?? []).count { !seenAlerts.contains($0.id) }
    }

    /// Keeps ``seenAlerts`` up to date with a snapshot: the first one's cleared alerts are old
    /// news; while the alerts view is open, every alert is in front of the operator.
    mutating func noteAlerts(_ snapshot: TelemetrySnapshot) {
        if seenAlerts == nil { seenAlerts = Set(snapshot.alerts.filter { !$0.isActive }.map(\.id)) }
        if case .alerts = mode { seenAlerts?.formUnion(snapshot.alerts.map(\.id)) }
    }

    /// `!`: the alerts view; what it shows is no longer new.
    mutating func openAlerts() {
        guard selection.saleID != nil else { return }
        mode = .alerts(AlertBrowser())
        seenAlerts = (seenAlerts ?? []).union(alertList.map(\.id))
    }

    /// Why `a` would send nothing for `alert`: switches refused (read-only, stale), the role, or
    /// an acknowledgement already made; nil when it would go out.
    public func acknowledgeRefusal(_ alert: GuardAlert?, now: Date) -> String? {
        guard let alert else { return "no alert to acknowledge" }
        if let refusal = switchRefusal(key: "a", now: now) ?? stateRefusal(.acknowledge(alertID: alert.id), key: "a") { return refusal }
        if let actor = alert.acknowledgedBy { return "already acknowledged by \(actor)" }
        return nil
    }

    /// Where the browser's selected alert is in ``alertList`` (the first when it is gone).
    public func selectedAlertIndex(_ browser: AlertBrowser) -> Int {
        alertList.firstIndex { $0.id == browser.selectedID } ?? 0
    }

    /// Keys in the alerts view: ↑ ↓ PgUp PgDn select, `Enter` opens the alert (any key closes it),
    /// `a` acknowledges it in the operator's name, `Esc`, `q` and `!` leave.
    mutating func handleAlerts(_ key: Key, browser: AlertBrowser, now: Date) -> [ConsoleEffect] {
        var browser = browser
        let alerts = alertList
        var effects: [ConsoleEffect] = []
        var selected = selectedAlertIndex(browser)
        if browser.open {
            browser.open = false
        } else {
            switch key {
            case .escape, .character("q"), .character("!"):
                mode = .normal
                return []
            case .character("a"):
                let alert = alerts.indices.contains(selected) ? alerts[selected] : nil
                if let refusal = acknowledgeRefusal(alert, now: now) {
                    status = StatusMessage(refusal, tone: .failure)
                } else if let alert {
                    effects = request(.acknowledge(alertID: alert.id), key: "a", now: now)
                }
            case .enter: browser.open = !alerts.isEmpty
            case .down: selected += 1
            case .up: selected -= 1
            case .pageDown: selected += 10
            case .pageUp: selected -= 10
            default: break
            }
        }
        selected = max(0, min(selected, alerts.count - 1))
        browser.selectedID = alerts.indices.contains(selected) ? alerts[selected].id : nil
        mode = .alerts(browser)
        return effects
    }
}
