import FloodgateCore
import Foundation

/// What the console was started with and never changes.
public struct ConsoleOptions: Sendable, Hashable {
    /// The daemon's URL, shown to the operator.
    public var endpoint: String
    /// Whether every switch is unbound.
    public var readonly: Bool
    /// Seconds between display refreshes.
    public var refreshSeconds: Double

    /// Creates options.
    public init(endpoint: String, readonly: Bool = false, refreshSeconds: Double = 1) {
        self.endpoint = endpoint
        self.readonly = readonly
        self.refreshSeconds = refreshSeconds
    }

    /// Data older than this is stale: three refreshes, at least three seconds.
    public var staleAfter: Double { max(3, 3 * refreshSeconds) }
}

/// Everything the console shows and remembers, as a value: keys and network events change it,
/// the ``FrameRenderer`` draws it. Owned by the screen's thread; tests drive it directly.
public struct ConsoleModel: Sendable {
    /// The command line's choices.
    public let options: ConsoleOptions
    /// Which sale is watched.
    public var selection: SaleSelection
    /// The telemetry received, always up to date.
    public internal(set) var live = TelemetryHistory()
    /// The telemetry held on screen while frozen.
    public internal(set) var frozen: TelemetryHistory?
    /// The telemetry stream's connection.
    public internal(set) var connection: ConnectionStatus
    /// Audit entries, alerts and the console's own results.
    public internal(set) var events = EventLog()
    /// What the keyboard talks to.
    public internal(set) var mode: InteractionMode = .normal
    /// The panel that `Tab` moved to; arrows scroll it.
    public internal(set) var focus: PanelID = .queue
    /// How far each panel's list is scrolled.
    public internal(set) var scroll: [PanelID: Int] = [:]
    /// The status line.
    public internal(set) var status: StatusMessage?
    /// The event-log filter; empty shows everything.
    public internal(set) var logFilter = ""
    /// The admission rate last asked for with `+`/`-`, until telemetry shows it.
    public internal(set) var rateTarget: Int?
    /// The theme in use.
    public internal(set) var themeName: String
    /// Whether the terminal is large enough for the dashboard. While it is not, the screen shows
    /// only "terminal too small" and every key but `q` is ignored: no switch acts unseen.
    public internal(set) var fitsTerminal = true
    /// The terminal's size as last reported: the layout behind `Tab` order and scroll limits.
    public internal(set) var terminalSize = (width: DashboardLayout.minimumWidth, height: DashboardLayout.minimumHeight)
    /// Whether the screen draws without colours (`NO_COLOR`, or a terminal without them).
    public internal(set) var monochrome = false
    /// Every sale as last read for the overview (`S`); nil before.
    public internal(set) var overview: [SaleOverview]?
    /// The sale's audit trail as last read for the audit view, newest first; nil before.
    public internal(set) var auditTrail: [TelemetrySnapshot.AuditEntry]?
    /// The alerts the operator has had in front of them: those on screen whenever the alerts view
    /// was open, and those already cleared when the console first saw the sale; nil before the
    /// sale's first snapshot. The rest are "new since you looked".
    public internal(set) var seenAlerts: Set<String>?
    /// Who the admin token belongs to, once the daemon said (switches beyond the role are greyed).
    public internal(set) var signIn: OperatorSignIn?
    /// Command lines run before, oldest first; ↑ ↓ on the `:` line recall them.
    public internal(set) var commandHistory: [String] = []
    /// Which history line the `:` line shows; nil while typing a new one.
    var historyCursor: Int?

    /// A console about to connect.
    /// - Parameters:
    ///   - saleID: the sale given with `--sale`; the console lists the sales without it.
    public init(options: ConsoleOptions, saleID: String?, themeName: String, now: Date) {
        self.options = options
        self.selection = saleID.map { .selected($0) } ?? .discovering(problem: nil)
        self.connection = .connecting(since: now)
        self.themeName = themeName
    }

    /// The telemetry on screen: frozen or live.
    public var shown: TelemetryHistory { frozen ?? live }

    /// Whether the display is frozen.
    public var isFrozen: Bool { frozen != nil }

    /// Whether the data is not live: not connected, or older than ``ConsoleOptions/staleAfter``.
    public func isStale(at now: Date) -> Bool {
        guard case .live = connection, let age = live.age(at: now) else { return true }
        return age > options.staleAfter
    }

    /// The watched sale's display name (its id until telemetry names it).
    public var saleName: String { live.latest?.name ?? "" }

    /// Records the outcome of loading a theme.
    /// - Parameters:
    ///   - name: the theme now in use.
    ///   - problem: why the theme asked for could not be used, if it could not.
    ///   - notice: something to know about the colours (NO_COLOR, no colours).
    ///   - announce: whether to confirm a theme change in the status line.
    ///   - monochrome: whether the screen draws without colours, whatever the theme.
    public mutating func themeApplied(_ name: String, problem: String?, notice: String?, announce: Bool, monochrome: Bool = false) {
        themeName = name
        self.monochrome = monochrome
        if let problem {
            status = StatusMessage(problem, tone: .failure)
        } else if let notice {
            status = StatusMessage(notice)
        } else if announce {
            status = StatusMessage("theme \(name)", tone: .success)
        }
    }

    /// Records the terminal's size, so keys are ignored while the dashboard cannot be drawn.
    public mutating func terminalResized(width: Int, height: Int) {
        terminalSize = (width, height)
        fitsTerminal = DashboardLayout(width: width, height: height) != nil
    }

    /// The dashboard's layout at the terminal's size, panels without data kept small.
    public var layout: DashboardLayout? {
        FrameRenderer().layout(self, width: terminalSize.width, height: terminalSize.height)
    }

    /// Panels with nothing to show: the bot panel before the bot defense reports.
    public var quietPanels: Set<PanelID> {
        guard let bots = shown.latest?.bots else { return [] }
        return BotPanel.hasData(bots) ? [] : [.bots]
    }

    /// Keeps the display as it is (data goes on being collected) or lets it follow the data again.
    mutating func toggleFreeze() {
        frozen = isFrozen ? nil : live
        status = isFrozen
            ? StatusMessage("display FROZEN: data is still collected; f to follow it again")
            : StatusMessage("display follows the live data again")
    }
}
