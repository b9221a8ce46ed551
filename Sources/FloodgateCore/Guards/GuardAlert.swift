/// An alert a guard raised, as telemetry's `alerts` and `GET /admin/sales/{id}/alerts` show it.
public struct GuardAlert: Codable, Sendable, Hashable {
    public var id: String
    public var severity: AlertSeverity
    /// The guard's name (``GuardKind`` raw value).
    public var guardName: String
    /// The figure that fired it, in words: `payment success 0.20 < 0.50 over 20 attempts`.
    public var figure: String
    /// What the guard did (or, in a dry run, would have done).
    public var action: String
    /// When it fired, RFC 3339.
    public var since: String
    /// When the condition was over and the guard recovered, RFC 3339; nil while active.
    public var clearedAt: String?
    /// The operator who acknowledged it; nil until then.
    public var acknowledgedBy: String?
    /// When it was acknowledged, RFC 3339; nil until then (and for alerts acknowledged before it was recorded).
    public var acknowledgedAt: String?
    /// Whether the guard was in `observe` mode: it acted on nothing.
    public var dryRun: Bool

    /// Creates an alert.
    public init(id: String, severity: AlertSeverity, guardName: String, figure: String, action: String, since: String,
                clearedAt: String? = nil, acknowledgedBy: String? = nil, acknowledgedAt: String? = nil, dryRun: Bool) {
        self.id = id
        self.severity = severity
        self.guardName = guardName
        self.figure = figure
        self.action = action
        self.since = since
        self.clearedAt = clearedAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
        self.dryRun = dryRun
    }

    /// Whether the condition still holds.
    public var isActive: Bool { clearedAt == nil }

    /// One line for logs and the event log: `[critical] payment_success: <figure> — <action>`.
    public var line: String {
        "[\(severity.rawValue)] \(guardName): \(figure) — \(dryRun ? "would " : "")\(action)"
    }

    enum CodingKeys: String, CodingKey {
        case id, severity, figure, action, since
        case guardName = "guard", clearedAt = "cleared_at", acknowledgedBy = "acknowledged_by", acknowledgedAt = "acknowledged_at", dryRun = "dry_run"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(severity, forKey: .severity)
        try container.encode(guardName, forKey: .guardName)
        try container.encode(figure, forKey: .figure)
        try container.encode(action, forKey: .action)
        try container.encode(since, forKey: .since)
        try container.encode(clearedAt, forKey: .clearedAt)
        try container.encode(acknowledgedBy, forKey: .acknowledgedBy)
        try container.encode(acknowledgedAt, forKey: .acknowledgedAt)
        try container.encode(dryRun, forKey: .dryRun)
    }
}
