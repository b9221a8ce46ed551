/// How a sale's admission rate is set: `fixed` (the operator's rate, which guards may throttle)
/// or `adaptive` (a controller moves it within `min_per_second...max_per_second`; see
/// ``AdaptiveAdmission``). The floor and ceiling bound guard throttling and recovery in both modes.
public struct AdmissionSettings: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        case fixed, adaptive
    }

    /// Default `fixed`.
    public var mode: Mode
    /// The floor: no guard or controller sets the rate below it. Default 1.
    public var minPerSecond: Double
    /// The ceiling: no recovery or controller sets the rate above it; nil (the default) is the
    /// sale's `admit_per_second`.
    public var maxPerSecond: Double?
    /// The checkout p99 the adaptive controller aims below, ms. Default 250.
    public var targetCheckoutP99Ms: Double
    /// Whether the adaptive controller only records what it would set (dry run). Default false.
    public var observe: Bool

    /// The defaults: fixed, floor 1, no ceiling beyond the sale's rate, target 250 ms.
    public init(mode: Mode = .fixed, minPerSecond: Double = 1, maxPerSecond: Double? = nil, targetCheckoutP99Ms: Double = 250, observe: Bool = false) {
        self.mode = mode
        self.minPerSecond = minPerSecond
        self.maxPerSecond = maxPerSecond
        self.targetCheckoutP99Ms = targetCheckoutP99Ms
        self.observe = observe
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, observe
        case minPerSecond = "min_per_second", maxPerSecond = "max_per_second", targetCheckoutP99Ms = "target_checkout_p99_ms"
    }

    /// The keys an `admission` object may have.
    public static let knownKeys = Set(CodingKeys.allCases.map(\.rawValue))

    /// The ceiling for a sale whose operator rate is `rate`.
    public func ceiling(operatorRate rate: Double) -> Double { maxPerSecond ?? rate }

    /// Reads `value` onto `self`; problems go to `reader`.
    public func reading(_ value: JSONValue, at path: String, with reader: inout FieldReader) -> AdmissionSettings {
        var settings = self
        guard let fields = reader.object(value, at: path, allowedKeys: Self.knownKeys) else { return self }
        if let mode: Mode = reader.choice("mode", in: fields, at: path) { settings.mode = mode }
        if let floor = reader.number("min_per_second", in: fields, at: path) { settings.minPerSecond = floor }
        if let ceiling = reader.number("max_per_second", in: fields, at: path) { settings.maxPerSecond = ceiling }
        if let target = reader.number("target_checkout_p99_ms", in: fields, at: path) { settings.targetCheckoutP99Ms = target }
        if let observe = reader.bool("observe", in: fields, at: path) { settings.observe = observe }
        for problem in settings.problems(at: path) where !reader.hasProblem(at: problem.field) { reader.report(problem.field, problem.message) }
        return settings
    }

    /// The rules these settings break.
    public func problems(at path: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let rates = SaleDefinition.Limits.minAdmitPerSecond...SaleDefinition.Limits.maxAdmitPerSecond
        let rule = "must be from \(rates.lowerBound.plainText) to \(rates.upperBound.plainText)"
        if !rates.contains(minPerSecond) { problems.append(FieldProblem(field: "\(path).min_per_second", message: "\(rule), got \(minPerSecond.plainText)")) }
        if let ceiling = maxPerSecond {
            if !rates.contains(ceiling) {
                problems.append(FieldProblem(field: "\(path).max_per_second", message: "\(rule), got \(ceiling.plainText)"))
            } else if ceiling < minPerSecond {
                problems.append(FieldProblem(field: "\(path).max_per_second", message: "must be at least min_per_second (\(minPerSecond.plainText)), got \(ceiling.plainText)"))
            }
        }
        if mode == .adaptive && maxPerSecond == nil {
            problems.append(FieldProblem(field: "\(path).max_per_second", message: "is required when mode is adaptive"))
        }
        if !(1...60_000).contains(targetCheckoutP99Ms) {
            problems.append(FieldProblem(field: "\(path).target_checkout_p99_ms", message: "must be from 1 to 60000, got \(targetCheckoutP99Ms.plainText)"))
        }
        return problems
    }
}
