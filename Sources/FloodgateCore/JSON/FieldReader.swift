import Foundation

/// Reads typed fields out of `JSONValue` objects and records a `FieldProblem` for each field that is
/// of the wrong type, instead of stopping at the first one.
///
/// Every accessor returns `nil` both for an absent (or `null`) field and for a wrong one; only the
/// latter is recorded.
public struct FieldReader: Sendable {
    /// A reader with no problems recorded.
    public init() {}

    /// The problems recorded so far, in reading order.
    public private(set) var problems: [FieldProblem] = []

    /// Records a problem.
    public mutating func report(_ field: String, _ message: String) {
        problems.append(FieldProblem(field: field, message: message))
    }

    /// Whether a problem was recorded at `path` or inside it.
    public func hasProblem(at path: String) -> Bool {
        problems.contains { $0.isCovered(by: path) }
    }

    /// The members of an object, reporting a non-object and each key outside `allowedKeys` (nil allows any).
    public mutating func object(_ value: JSONValue, at path: String, allowedKeys: Set<String>?) -> [String: JSONValue]? {
        guard case .object(let members) = value else {
            report(path, "expected object, got \(value.typeName)")
            return nil
        }
        for key in members.keys.sorted() where allowedKeys?.contains(key) == false {
            report(Self.path(path, key), "unknown field")
        }
        return members
    }

    /// Reports `key` as required when it is absent or `null`.
    public mutating func require(_ key: String, in members: [String: JSONValue], at path: String) {
        if members[key] == nil || members[key] == .null {
            report(Self.path(path, key), "is required")
        }
    }

    /// A string member.
    public mutating func string(_ key: String, in members: [String: JSONValue], at path: String) -> String? {
        guard let value = present(key, in: members) else { return nil }
        guard case .string(let text) = value else { return mismatch(key, at: path, expected: "string", got: value) }
        return text
    }

    /// An integer member; numbers with a fraction are reported.
    public mutating func integer(_ key: String, in members: [String: JSONValue], at path: String) -> Int? {
        guard let value = present(key, in: members) else { return nil }
        guard case .integer(let number) = value, let result = Int(exactly: number) else {
            return mismatch(key, at: path, expected: "integer", got: value)
        }
        return result
    }

    /// A boolean member.
    public mutating func bool(_ key: String, in members: [String: JSONValue], at path: String) -> Bool? {
        guard let value = present(key, in: members) else { return nil }
        guard case .bool(let flag) = value else { return mismatch(key, at: path, expected: "boolean", got: value) }
        return flag
    }

    /// A number member (integer or not).
    public mutating func number(_ key: String, in members: [String: JSONValue], at path: String) -> Double? {
        switch present(key, in: members) {
        case nil: nil
        case .integer(let number): Double(number)
        case .number(let number): number
        case let value?: mismatch(key, at: path, expected: "number", got: value)
        }
    }

    /// An array member.
    public mutating func array(_ key: String, in members: [String: JSONValue], at path: String) -> [JSONValue]? {
        guard let value = present(key, in: members) else { return nil }
        guard case .array(let elements) = value else { return mismatch(key, at: path, expected: "array", got: value) }
        return elements
    }

    /// An RFC 3339 timestamp member, truncated to whole seconds.
    public mutating func timestamp(_ key: String, in members: [String: JSONValue], at path: String) -> Date? {
        guard let text = string(key, in: members, at: path) else { return nil }
        guard let date = RFC3339.parse(text) else {
            let expected = "expected an RFC 3339 timestamp such as 2026-12-01T18:00:00Z"
            report(Self.path(path, key), "\(expected), got \(text.quotedForMessage)")
            return nil
        }
        return date.wholeSeconds
    }

    /// A string member that must be the raw value of one of `Choice`'s cases.
    public mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, in members: [String: JSONValue], at path: String
    ) -> Choice? where Choice.RawValue == String {
        guard let text = string(key, in: members, at: path) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let options = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            report(Self.path(path, key), "expected one of \(options), got \(text.quotedForMessage)")
            return nil
        }
        return choice
    }

    /// `parent.key`, or `key` at the top level.
    static func path(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    private func present(_ key: String, in members: [String: JSONValue]) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    private mutating func mismatch<T>(_ key: String, at path: String, expected: String, got value: JSONValue) -> T? {
        report(Self.path(path, key), "expected \(expected), got \(value.typeName)")
        return nil
    }
}

extension Date {
    /// The same instant with any fraction of a second dropped (rounded toward the past).
    var wholeSeconds: Date {
        Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down))
    }
}
