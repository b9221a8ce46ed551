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
    /// The audit trail's name of the action (`pause`, `bot_block`), for the console's own results
    /// and audit entries: the two lines of one action become one.
    public var action: String?
    /// More to read on `Enter`: the audit entry's fields.
    public var details: [String]
    /// The audit entry this line stands for (the console's own result once the audit has it).
    public var auditID: String?

    /// Creates an entry.
    public init(at: Date, kind: Kind, text: String, action: String? = nil, details: [String] = [], auditID: String? = nil) {
        self.at = at
        self.kind = kind
        self.text = text
        self.action = action
        self.details = details
        self.auditID = auditID
    }

    /// What `Enter` on the line shows: the whole text, then the details.
    public var fullText: [String] {
        [text] + (details.isEmpty ? [] : [""] + details)
    }
}

/// The war room's log: audit entries and alerts from the daemon, and the console's own results,
/// newest first. An action sent from this console is one line: its result, joined by its audit
/// entry (whichever comes first, within ``pairingWindow``).
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

    /// Seconds within which a console result and an audit entry of the same action are one action.
    public static let pairingWindow = 10.0

    /// Adds the console's result of an action, or merges it into the audit line already there.
    public mutating func addResult(_ entry: EventEntry) {
        if let index = auditLine(pairing: entry) {
            let audit = entries[index]
            entries[index] = EventEntry(at: audit.at, kind: entry.kind, text: entry.text, action: entry.action,
                                        details: audit.details, auditID: audit.auditID)
        } else {
            add(entry)
        }
    }

    /// Adds the snapshot's audit entries not seen before, and alerts that were not already raised.
    public mutating func ingest(_ snapshot: TelemetrySnapshot, at now: Date) {
        for audit in snapshot.audit.reversed() where seenAudit.insert(audit.id).inserted {
            let entry = Self.entry(of: audit, now: now)
            if let index = resultLine(pairing: entry) {
                entries[index].details = entry.details
                entries[index].auditID = audit.id
            } else {
                add(entry)
            }
        }
        let raised = Set(snapshot.activeAlertLines + snapshot.conservation.violations)
        for alert in (snapshot.conservation.violations + snapshot.activeAlertLines.reversed()) where !activeAlerts.contains(alert) {
            add(EventEntry(at: now, kind: .alert, text: alert))
            activeAlerts.insert(alert)
        }
        activeAlerts = activeAlerts.intersection(raised)
    }

    /// The line of an audit entry, its fields as details.
    static func entry(of audit: TelemetrySnapshot.AuditEntry, now: Date) -> EventEntry {
        let kind: EventEntry.Kind = audit.actor.hasPrefix("guard") ? .guardAction : .admin
        let detail = audit.detail.isEmpty ? "" : " " + audit.detail
        let details = ["at \(audit.at)", "actor \(audit.actor)", "action \(audit.action)", "detail \(audit.detail)",
                       "result \(audit.result)", "audit id \(audit.id)"]
        return EventEntry(at: RFC3339.parse(audit.at) ?? now, kind: kind, text: "\(audit.action)\(detail) by \(audit.actor): \(audit.result)",
                          action: audit.action, details: details, auditID: audit.id)
    }

    /// The audit line of the same action as the console result `result`, not yet joined to one.
    private func auditLine(pairing result: EventEntry) -> Int? {
        entries.firstIndex { $0.kind == .admin && $0.action == result.action && Self.close($0, result) }
    }

    /// The console result of the same action as the audit line `audit`, not yet joined to one.
    private func resultLine(pairing audit: EventEntry) -> Int? {
        guard audit.kind == .admin else { return nil }
        return entries.firstIndex { [.console, .failure].contains($0.kind) && $0.auditID == nil && $0.action == audit.action && Self.close($0, audit) }
    }

    private static func close(_ a: EventEntry, _ b: EventEntry) -> Bool {
        a.action != nil && abs(a.at.timeIntervalSince(b.at)) <= pairingWindow
    }

    /// The entries whose tag or text contains `filter` (case-insensitive); all when it is empty.
    public func filtered(_ filter: String) -> [EventEntry] {
        guard !filter.isEmpty else { return entries }
        let needle = filter.lowercased()
        return entries.filter { "\($0.kind.rawValue) \($0.text)".lowercased().contains(needle) }
    }
}
