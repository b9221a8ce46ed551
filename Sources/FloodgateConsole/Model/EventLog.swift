import FloodgateCore
import Foundation

/// One line of the event log.
public struct EventEntry: Sendable, Hashable {
    /// Where an entry comes from; each kind has a text tag, so it never depends on colour.
    public enum Kind: String, Sendable, Hashable {
        case admin = "ADMIN"
        case guardAction = "GUARD"
        case alert = "ALERT"
        case console = "CONSOLE"
        case failure = "FAILED"
        case link = "LINK"
    }

    public var at: Date
    public var kind: Kind
    public var text: String

    /// Creates an entry.
    public init(at: Date, kind: Kind, text: String) {
        self.at = at
        self.kind = kind
        self.text = text
    }
}

/// The war room's log: audit entries and alerts from the daemon, and the console's own results,
/// newest first.
public struct EventLog: Sendable, Hashable {
    /// How many entries are kept.
    public static let capacity = 500

    /// The entries, newest first.
    public private(set) var entries: [EventEntry] = []
    private var seenAudit: Set<String> = []
    private var activeAlerts: Set<String> = []

    /// An empty log.
    public init() {}

    /// Adds an entry at the top.
    public mutating func add(_ entry: EventEntry) {
        entries.insert(entry, at: 0)
        if entries.count > Self.capacity { entries.removeLast(entries.count - Self.capacity) }
    }

    /// Adds the snapshot's audit entries not seen before, and alerts that were not already raised.
    public mutating func ingest(_ snapshot: TelemetrySnapshot, at now: Date) {
        for audit in snapshot.audit.reversed() where seenAudit.insert(audit.id).inserted {
            let kind: EventEntry.Kind = audit.actor.hasPrefix("guard") ? .guardAction : .admin
            let detail = audit.detail.isEmpty ? "" : " " + audit.detail
            let text = "\(audit.action)\(detail) by \(audit.actor): \(audit.result)"
            add(EventEntry(at: RFC3339.parse(audit.at) ?? now, kind: kind, text: text))
        }
        let raised = Set(snapshot.activeAlertLines + snapshot.conservation.violations)
        for alert in (snapshot.conservation.violations + snapshot.activeAlertLines.reversed()) where !activeAlerts.contains(alert) {
            add(EventEntry(at: now, kind: .alert, text: alert))
            activeAlerts.insert(alert)
        }
        activeAlerts = activeAlerts.intersection(raised)
    }

    /// The entries whose tag or text contains `filter` (case-insensitive); all when it is empty.
    public func filtered(_ filter: String) -> [EventEntry] {
        guard !filter.isEmpty else { return entries }
        let needle = filter.lowercased()
        return entries.filter { "\($0.kind.rawValue) \($0.text)".lowercased().contains(needle) }
    }
}
