/// What a cell means, not how it looks: a theme maps each role to colours and attributes.
///
/// The raw values are the keys of a `.theme` file (`badge.ok = black on green bold`).
public enum StyleRole: String, Sendable, Hashable, CaseIterable {
    /// Ordinary text.
    case text
    /// Labels, units and secondary text.
    case dim
    /// Highlights: the product name, key names, the focused panel's title.
    case accent
    /// Panel titles.
    case title
    /// Panel borders.
    case border
    /// The border of the panel that has the focus.
    case focus
    /// Healthy figures and successful results.
    case ok
    /// Figures near a budget.
    case warn
    /// Figures over a budget, failures and alerts.
    case critical
    /// A badge for a healthy state (RUNNING, LIVE).
    case badgeOK = "badge.ok"
    /// A badge for a state that needs attention (PAUSED, SCHEDULED).
    case badgeWarn = "badge.warn"
    /// A badge for an alarming state (STALE, FROZEN, ROLLING BACK).
    case badgeCritical = "badge.critical"
    /// A neutral badge (CLOSED, SOLD OUT, READ-ONLY).
    case badgeInfo = "badge.info"
    /// A key name in the key bar and the help overlay.
    case key
    /// The focused button or the selected row.
    case selection
    /// The text of the status line and the command line.
    case status
    /// Sold units in an inventory gauge.
    case gaugeSold = "gauge.sold"
    /// Reserved units in an inventory gauge.
    case gaugeReserved = "gauge.reserved"
    /// Available units in an inventory gauge.
    case gaugeAvailable = "gauge.available"
    /// Sparklines and histograms.
    case sparkline
}
