/// Reading guard settings from JSON (the sale definition's `guards`, `PUT /admin/sales/{id}/guards`).
/// A guard or a field that is not given keeps the value it had; every problem is reported.
extension GuardConfiguration {
    /// The keys one guard's object may have.
    public static let settingKeys = Set(GuardSettings.CodingKeys.allCases.map(\.rawValue))

    /// Reads `value` (an object of guard name -> settings) onto `self`; problems go to `reader`.
    public func reading(_ value: JSONValue, at path: String, with reader: inout FieldReader) -> GuardConfiguration {
        var configuration = self
        guard let members = reader.object(value, at: path, allowedKeys: Set(GuardKind.allCases.map(\.rawValue))) else { return self }
        for kind in GuardKind.allCases {
            guard let guardValue = members[kind.rawValue], guardValue != .null else { continue }
            let guardPath = FieldReader.path(path, kind.rawValue)
            guard let fields = reader.object(guardValue, at: guardPath, allowedKeys: Self.settingKeys) else { continue }
            configuration[kind] = Self.read(fields, onto: self[kind], at: guardPath, with: &reader)
            for problem in configuration[kind].problems(for: kind, at: guardPath) where !reader.hasProblem(at: problem.field) {
                reader.report(problem.field, problem.message)
            }
        }
        return configuration
    }

    /// Parses guard settings onto `self` (the admin API's `PUT`).
    /// - Throws: ``SaleDefinitionError`` listing every problem; nothing is changed then.
    public func parsing(_ value: JSONValue) throws(SaleDefinitionError) -> GuardConfiguration {
        var reader = FieldReader()
        let configuration = reading(value, at: "guards", with: &reader)
        guard reader.problems.isEmpty else { throw SaleDefinitionError(problems: reader.problems) }
        return configuration
    }

    private static func read(_ fields: [String: JSONValue], onto base: GuardSettings, at path: String, with reader: inout FieldReader) -> GuardSettings {
        var settings = base
        func assign<Value>(_ target: inout Value, _ value: Value?) { if let value { target = value } }
        assign(&settings.enabled, reader.bool("enabled", in: fields, at: path))
        assign(&settings.mode, reader.choice("mode", in: fields, at: path))
        assign(&settings.threshold, reader.number("threshold", in: fields, at: path))
        assign(&settings.window, reader.integer("window", in: fields, at: path))
        assign(&settings.minSamples, reader.integer("min_samples", in: fields, at: path))
        assign(&settings.action, reader.choice("action", in: fields, at: path))
        assign(&settings.factor, reader.number("factor", in: fields, at: path))
        assign(&settings.holdDownSeconds, reader.integer("hold_down_seconds", in: fields, at: path))
        assign(&settings.autoResume, reader.bool("auto_resume", in: fields, at: path))
        assign(&settings.severity, reader.choice("severity", in: fields, at: path))
        return settings
    }
}

extension GuardSettings {
    /// The longest window in seconds a guard may look back (the vitals Redis keeps).
    public static let maxWindowSeconds = 60

    /// The rules these settings break for guard `kind`.
    public func problems(for kind: GuardKind, at path: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func report(_ field: String, _ message: String) { problems.append(FieldProblem(field: "\(path).\(field)", message: message)) }
        switch kind {
        case .paymentSuccess, .serverErrors, .expiryRate:
            if !(threshold > 0 && threshold <= 1) { report("threshold", "must be a share greater than 0 and at most 1, got \(threshold.plainText)") }
        case .checkoutLatency, .redisLatency:
            if !(1...60_000).contains(threshold) { report("threshold", "must be from 1 to 60000 ms, got \(threshold.plainText)") }
        case .overload:
            if !(1...1_000_000).contains(threshold) { report("threshold", "must be from 1 to 1000000 requests, got \(threshold.plainText)") }
        case .conservation:
            break
        }
        let windows = kind == .paymentSuccess ? 1...10_000 : 1...Self.maxWindowSeconds
        if kind != .conservation, !windows.contains(window) {
            report("window", "must be from \(windows.lowerBound) to \(windows.upperBound), got \(window)")
        }
        if !(0...1_000_000).contains(minSamples) { report("min_samples", "must be from 0 to 1000000, got \(minSamples)") }
        if !(factor > 0 && factor < 1) { report("factor", "must be greater than 0 and less than 1, got \(factor.plainText)") }
        if !(0...3_600).contains(holdDownSeconds) { report("hold_down_seconds", "must be from 0 to 3600, got \(holdDownSeconds)") }
        if kind.isDataCause {
            if autoResume { report("auto_resume", "must be false: a sale paused for stock conservation is resumed by a person") }
            if ![.pause, .alert].contains(action) { report("action", "must be pause or alert, got \(action.rawValue)") }
        }
        return problems
    }
}
