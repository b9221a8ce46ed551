import FloodgateCore

extension ConsoleModel {
    /// The audit trail's entries that the browser's filter lets through: those whose time, actor,
    /// action, detail or result contains it (case-insensitive).
    public func auditEntries(_ browser: AuditBrowser) -> [TelemetrySnapshot.AuditEntry] {
        let entries = auditTrail ?? []
        let needle = browser.filter.text.lowercased()
        guard !needle.isEmpty else { return entries }
        return entries.filter { [$0.at, $0.actor, $0.action, $0.detail, $0.result].joined(separator: " ").lowercased().contains(needle) }
    }

    /// Keys in the audit view: ↑ ↓ PgUp PgDn select, `/` filters, `Enter` opens the entry (any
    /// key closes it), `r` reads the trail again, `Esc` clears the filter and then leaves, `q` and
    /// `A` leave.
    mutating func handleAudit(_ key: Key, browser: AuditBrowser) -> [ConsoleEffect] {
        var browser = browser
        if browser.open {
            browser.open = false
        } else if browser.typing {
            switch key {
            case .enter, .escape: browser.typing = false
            default: if browser.filter.edit(key) { browser.selected = 0 }
            }
        } else {
            switch key {
            case .escape where !browser.filter.text.isEmpty: browser.filter = LineEditor()
            case .escape, .character("q"), .character("A"):
                mode = .normal
                return []
            case .character("/"): browser.typing = true
            case .character("r"): if let saleID = selection.saleID { mode = .audit(browser); return [.loadAudit(saleID)] }
            case .enter: browser.open = !auditEntries(browser).isEmpty
            case .down: browser.selected += 1
            case .up: browser.selected -= 1
            case .pageDown: browser.selected += 10
            case .pageUp: browser.selected -= 10
            default: break
            }
        }
        browser.selected = max(0, min(browser.selected, auditEntries(browser).count - 1))
        mode = .audit(browser)
        return []
    }
}
