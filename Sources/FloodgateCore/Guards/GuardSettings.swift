/// The automatic guards of a sale, each watching one vital sign.
public enum GuardKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Payment success rate over the last `window` attempts below `threshold` (0...1).
    case paymentSuccess = "payment_success"
    /// Checkout p99 (reserve, commit) above `threshold` ms for `window` seconds in a row.
    case checkoutLatency = "checkout_latency"
    /// Share of 5xx answers to checkout and queue calls above `threshold` over `window` seconds.
    case serverErrors = "server_errors"
    /// Redis latency p99 above `threshold` ms for `window` seconds in a row, or Redis unreachable.
    case redisLatency = "redis_latency"
    /// Reservations expiring against reservations made over `window` seconds above `threshold`.
    case expiryRate = "expiry_rate"
    /// Requests shed by the daemons' priority gates (any class), at least `threshold` of them
    /// over `window` seconds: the daemons are past their request capacity.
    case overload
    /// Stock not conserved (`initial + added = available + reserved + sold`, nothing negative).
    case conservation

    /// Who a guard's actions are audited as: `guard:<name>`.
    public var actor: String { "guard:\(rawValue)" }

    /// Whether the cause of a firing is data (a human must look before the sale resumes).
    public var isDataCause: Bool { self == .conservation }
}

/// Whether a guard acts or only records what it would have done (dry run).
public enum GuardMode: String, Sendable, Hashable, Codable, CaseIterable {
    case observe, enforce
}

/// What a guard does when it fires.
public enum GuardAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Multiply the admission rate by `factor`, never below the operator's floor; again every
    /// hold-down while the condition lasts; recover by steps once it has cleared.
    case throttle
    /// Pause the sale; resumed by the guard only when `auto_resume` allows it and never for a data cause.
    /// The sale's clock stands still while paused, so carts keep their time. Paused by the payment
    /// guard, the sale lets one commit through now and then as a probe of the gateway (see
    /// `PaymentPolicy.probeInterval`), so that the guard sees payments succeed again.
    case pause
    /// Halt registration; reopened once the condition has cleared for the hold-down.
    case haltRegistration = "halt_registration"
    /// Raise the alert only.
    case alert
}

/// How bad a guard's alert is.
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case info, warning, critical
}

/// One guard's settings. Every field has a documented default per guard (``GuardSettings/defaults(for:)``).
public struct GuardSettings: Sendable, Hashable, Codable {
    public var enabled: Bool
    public var mode: GuardMode
    /// The limit the figure is compared with (a share 0...1, or milliseconds; see ``GuardKind``).
    public var threshold: Double
    /// Attempts (payment_success) or seconds (the others) the figure covers; ignored by conservation.
    public var window: Int
    /// Fewer samples than this in the window never fire (payment attempts, requests, reservations).
    public var minSamples: Int
    public var action: GuardAction
    /// The admission rate is multiplied by this when throttling, 0 < factor < 1.
    public var factor: Double
    /// Seconds the condition must stay clear before a recovery step (and between throttle steps).
    public var holdDownSeconds: Int
    /// Whether a pause for a transient cause may be resumed by the guard (never for conservation).
    public var autoResume: Bool
    public var severity: AlertSeverity

    /// Creates settings.
    public init(enabled: Bool = true, mode: GuardMode = .enforce, threshold: Double, window: Int, minSamples: Int, action: GuardAction,
                factor: Double = 0.5, holdDownSeconds: Int = 5, autoResume: Bool = false, severity: AlertSeverity = .warning) {
        self.enabled = enabled
        self.mode = mode
        self.threshold = threshold
        self.window = window
        self.minSamples = minSamples
        self.action = action
        self.factor = factor
        self.holdDownSeconds = holdDownSeconds
        self.autoResume = autoResume
        self.severity = severity
    }

    /// The documented defaults of each guard.
    public static func defaults(for kind: GuardKind) -> GuardSettings {
        switch kind {
        case .paymentSuccess:
            GuardSettings(threshold: 0.5, window: 20, minSamples: 10, action: .pause, autoResume: true, severity: .critical)
        case .checkoutLatency:
            GuardSettings(threshold: 300, window: 5, minSamples: 1, action: .throttle)
        case .serverErrors:
            GuardSettings(threshold: 0.05, window: 10, minSamples: 20, action: .throttle, severity: .critical)
        case .redisLatency:
            GuardSettings(threshold: 250, window: 5, minSamples: 1, action: .throttle, severity: .critical)
        case .expiryRate:
            GuardSettings(threshold: 0.5, window: 30, minSamples: 20, action: .alert)
        case .overload:
            GuardSettings(threshold: 1, window: 1, minSamples: 0, action: .alert)
        case .conservation:
            GuardSettings(threshold: 0, window: 1, minSamples: 0, action: .pause, holdDownSeconds: 0, severity: .critical)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, mode, threshold, window, action, factor, severity
        case minSamples = "min_samples", holdDownSeconds = "hold_down_seconds", autoResume = "auto_resume"
    }
}

/// Every guard's settings for one sale.
public struct GuardConfiguration: Sendable, Hashable, Codable {
    public var guards: [GuardKind: GuardSettings]

    /// The defaults for every guard.
    public init() {
        guards = Dictionary(uniqueKeysWithValues: GuardKind.allCases.map { ($0, GuardSettings.defaults(for: $0)) })
    }

    /// A guard's settings.
    public subscript(kind: GuardKind) -> GuardSettings {
        get { guards[kind] ?? .defaults(for: kind) }
        set { guards[kind] = newValue }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try [String: GuardSettings](from: decoder)
        self.init()
        for (name, settings) in raw {
            guard let kind = GuardKind(rawValue: name) else { continue }
            guards[kind] = settings
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: GuardKindKey.self)
        for kind in GuardKind.allCases { try container.encode(self[kind], forKey: GuardKindKey(kind)) }
    }

    private struct GuardKindKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ kind: GuardKind) { stringValue = kind.rawValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
