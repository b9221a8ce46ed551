/// Where one guard stands for one sale, kept in Redis so that whichever daemon evaluates next
/// goes on from it: firing or not, since when, what it changed and what to restore.
public struct GuardTrack: Codable, Sendable, Hashable {
    public var firing = false
    /// When it fired (ms since 1970).
    public var sinceMs: Int64 = 0
    /// When it last acted (fired, throttled again, stepped back up).
    public var lastStepMs: Int64 = 0
    /// Since when the condition has been clear while firing.
    public var clearSinceMs: Int64?
    /// The admission rate before its first throttle, to step back up to.
    public var rateBefore: Double?
    /// The rate it last set (or would have, in a dry run).
    public var rateSet: Double?
    /// Whether registration was open when it halted it.
    public var registrationWasOpen: Bool?
    /// The alert it raised when it fired.
    public var alertID: String?
    /// Whether it fired in `observe` mode.
    public var dryRun = false

    /// Not firing.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case firing, dryRun = "dry_run", sinceMs = "since_ms", lastStepMs = "last_step_ms", clearSinceMs = "clear_since_ms"
        case rateBefore = "rate_before", rateSet = "rate_set", registrationWasOpen = "registration_was_open", alertID = "alert_id"
    }
}

/// What a guard's figure reads now: whether it is over its limit, and the figure in words.
public struct GuardReading: Sendable, Hashable {
    /// Whether the condition holds.
    public var tripped: Bool
    /// The figure in words, for the alert and the audit.
    public var figure: String

    /// Creates a reading.
    public init(tripped: Bool, figure: String) {
        self.tripped = tripped
        self.figure = figure
    }
}

/// The sale's switches as a guard sees them.
public struct SaleControls: Sendable, Hashable {
    public var rate: Double
    public var registrationOpen: Bool
    public var paused: Bool
    /// Who paused it (`guard:<name>` or an operator).
    public var pausedBy: String?
    /// The operator's floor and ceiling for the admission rate.
    public var floor: Double
    public var ceiling: Double

    /// Creates the picture.
    public init(rate: Double, registrationOpen: Bool, paused: Bool, pausedBy: String?, floor: Double, ceiling: Double) {
        self.rate = rate
        self.registrationOpen = registrationOpen
        self.paused = paused
        self.pausedBy = pausedBy
        self.floor = floor
        self.ceiling = ceiling
    }
}
