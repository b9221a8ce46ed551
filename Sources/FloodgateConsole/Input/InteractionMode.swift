import Foundation

/// What the keyboard is talking to.
public enum InteractionMode: Sendable, Hashable {
    /// The dashboard.
    case normal
    /// The help overlay; any key closes it.
    case help
    /// A confirmation modal.
    case confirm(ConfirmModal)
    /// The `:` command line.
    case command(LineEditor)
    /// The `/` event-log filter.
    case filter(LineEditor)
    /// A text shown in full (an event-log line); any key closes it.
    case detail(DetailView)
    /// The sale's audit trail, full screen (`A`).
    case audit(AuditBrowser)
    /// Every sale of the daemon, one line each (`S`); the index is the highlighted one.
    case sales(Int)
    /// The sale's alerts, active first then history, full screen (`!`).
    case alerts(AlertBrowser)
}

/// The alerts view's state: the selected alert and whether it is open in full.
public struct AlertBrowser: Sendable, Hashable {
    /// The selected alert's id: the selection stays on it when alerts arrive above it; nil
    /// selects the first.
    public var selectedID: String?
    /// Whether the selected alert is open in full.
    public var open = false

    /// A browser at the first alert.
    public init() {}
}

/// The audit view's state: the selected entry, the filter, and whether an entry is open.
public struct AuditBrowser: Sendable, Hashable {
    /// The selected entry among the filtered ones.
    public var selected = 0
    /// Entries whose fields contain this (case-insensitive) are shown; empty shows all.
    public var filter = LineEditor()
    /// Whether keys go to the filter (after `/`).
    public var typing = false
    /// Whether the selected entry is open in full.
    public var open = false

    /// A browser at the newest entry, no filter.
    public init() {}
}

/// A text shown in full over the dashboard: an event-log line and its details.
public struct DetailView: Sendable, Hashable {
    /// The overlay's title.
    public var title: String
    /// When it happened, shown after the title in the console's clock.
    public var at: Date?
    /// The paragraphs, word-wrapped to the overlay.
    public var lines: [String]

    /// Creates a view.
    public init(title: String, at: Date? = nil, lines: [String]) {
        self.title = title
        self.at = at
        self.lines = lines
    }
}

/// A confirmation modal for a kill switch: Cancel has the focus until the operator moves it.
public struct ConfirmModal: Sendable, Hashable {
    /// The two buttons.
    public enum Button: Sendable, Hashable {
        case cancel, confirm
    }

    /// The action that runs on confirmation.
    public var action: ControlAction
    /// The sale it acts on.
    public var saleID: String
    /// The sale's name, shown beside its id.
    public var saleName: String
    /// The focused button; Cancel at first.
    public var focus: Button = .cancel
    /// What the operator typed, when the action needs the sale id typed.
    public var typed = LineEditor(limit: 64)
    /// A hint shown when confirming was refused (the typed id does not match).
    public var hint: String?

    /// Creates a modal with Cancel focused.
    public init(action: ControlAction, saleID: String, saleName: String) {
        self.action = action
        self.saleID = saleID
        self.saleName = saleName
    }

    /// Whether the confirm button would act: the typed id matches when one is asked for.
    public var canConfirm: Bool { !action.needsTypedSaleID || typed.text == saleID }
}
