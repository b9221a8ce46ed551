import Foundation

/// Any key of a profile object, so that unknown keys (typos) can be refused instead of ignored.
struct ProfileKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) {
        stringValue = name
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

extension Decoder {
    /// The object being decoded, after checking that it holds only `allowed` keys.
    /// - Throws: `DecodingError.dataCorrupted` naming the unknown keys.
    func profileObject(allowed: [String]) throws -> KeyedDecodingContainer<ProfileKey> {
        let container = try container(keyedBy: ProfileKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        guard unknown.isEmpty else {
            let message = "unknown key\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")); expected one of \(allowed.joined(separator: ", "))"
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: message))
        }
        return container
    }
}

extension KeyedDecodingContainer where Key == ProfileKey {
    /// The value at `key`, or `fallback` when the key is absent or null.
    func value<T: Decodable>(_ key: String, or fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: ProfileKey(key)) ?? fallback
    }

    /// The value at `key`, which must be present.
    func required<T: Decodable>(_ key: String) throws -> T {
        try decode(T.self, forKey: ProfileKey(key))
    }
}

extension DecodingError {
    /// One line for an operator: where in the profile, and what is wrong.
    var profileMessage: String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return text.isEmpty ? "$" : String(text.drop { $0 == "." })
        }
        switch self {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(Self.typeName(type)), got null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): is required"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type: "a number"
        case is Int.Type, is UInt64.Type: "an integer"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
