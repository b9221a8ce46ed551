/// Reading and checking a `bot_policy` object; every problem is reported.
extension BotPolicy {
    static let thresholdKeys: [(key: String, action: Action)] = [
        ("log_at", .log), ("challenge_at", .challenge), ("hold_at", .hold), ("evict_at", .evict),
    ]
    /// The keys a `bot_policy` object may have.
    public static let knownKeys: Set<String> = Set(thresholdKeys.map(\.key) + ["mode", "challenge_bits"])

    /// Reads a policy at `path`, starting from the defaults; problems go to `reader`.
    public static func read(_ value: JSONValue, at path: String, with reader: inout FieldReader) -> BotPolicy {
        var policy = BotPolicy()
        guard let fields = reader.object(value, at: path, allowedKeys: knownKeys) else { return policy }
        if let mode: Mode = reader.choice("mode", in: fields, at: path) { policy.mode = mode }
        if let bits = reader.integer("challenge_bits", in: fields, at: path) { policy.challengeBits = bits }
        for (key, action) in thresholdKeys where fields[key] != nil {
            if fields[key] == .null {
                policy.thresholds[action] = nil
            } else if let threshold = reader.number(key, in: fields, at: path) {
                policy.thresholds[action] = threshold
            }
        }
        for problem in policy.problems(at: path) where !reader.hasProblem(at: problem.field) {
            reader.report(problem.field, problem.message)
        }
        return policy
    }

    /// Parses a policy from JSON (the admin API's `PUT /admin/sales/{id}/bots/policy`).
    /// - Throws: ``SaleDefinitionError`` listing every problem.
    public static func parse(_ value: JSONValue) throws(SaleDefinitionError) -> BotPolicy {
        var reader = FieldReader()
        let policy = read(value, at: "bot_policy", with: &reader)
        guard reader.problems.isEmpty else { throw SaleDefinitionError(problems: reader.problems) }
        return policy
    }

    /// The rules this policy breaks.
    public func problems(at path: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if !(1...8).contains(challengeBits) {
            problems.append(FieldProblem(field: path + ".challenge_bits", message: "must be between 1 and 8, got \(challengeBits)"))
        }
        var previous: (key: String, value: Double)?
        for (key, action) in Self.thresholdKeys {
            guard let value = thresholds[action] else { continue }
            if !(value > 0 && value <= 1) {
                problems.append(FieldProblem(field: "\(path).\(key)", message: "must be greater than 0 and at most 1, got \(value.plainText)"))
            } else if let previous, value < previous.value {
                problems.append(FieldProblem(field: "\(path).\(key)", message: "must be at least \(previous.key) (\(previous.value.plainText)), got \(value.plainText)"))
            }
            if value > 0 && value <= 1 { previous = (key, value) }
        }
        return problems
    }

    /// The policy as JSON text, in the same shape it is read.
    public var json: String {
        var fields = ["\"mode\":\"\(mode.rawValue)\"", "\"challenge_bits\":\(challengeBits)"]
        for (key, action) in Self.thresholdKeys {
            fields.append("\"\(key)\":" + (thresholds[action].map { $0.plainText } ?? "null"))
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

extension BotPolicy: Encodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Encodes the same shape as it is read: `mode`, `challenge_bits` and each threshold (null when off).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(mode, forKey: Key(stringValue: "mode"))
        try container.encode(challengeBits, forKey: Key(stringValue: "challenge_bits"))
        for (key, action) in Self.thresholdKeys {
            try container.encode(thresholds[action], forKey: Key(stringValue: key))
        }
    }
}
