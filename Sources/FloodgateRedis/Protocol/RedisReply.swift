/// A reply from Redis, copied out of hiredis memory into Swift values.
///
/// RESP2 has five reply types; a nil bulk string or nil array is ``null``.
public enum RedisReply: Sendable, Hashable {
    /// A simple string such as `OK` or `PONG`.
    case simple(String)
    /// An error reply such as `ERR wrong number of arguments` or `NOSCRIPT No matching script`.
    case error(String)
    /// An integer reply.
    case integer(Int64)
    /// A bulk string; binary safe.
    case bulk([UInt8])
    /// An array of replies (nested arrays included).
    case array([RedisReply])
    /// A nil bulk string or nil array.
    case null
}

extension RedisReply {
    /// The reply as text: a simple string, a bulk string decoded as UTF-8, or an integer's digits.
    public var string: String? {
        switch self {
        case .simple(let text): text
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .integer(let value): String(value)
        case .error, .array, .null: nil
        }
    }

    /// The reply as an integer: an integer reply, or a bulk or simple string holding one.
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .bulk, .simple: string.flatMap { Int64($0) }
        case .error, .array, .null: nil
        }
    }

    /// The elements of an array reply.
    public var array: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The message of an error reply.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }

    /// Whether this is a nil reply.
    public var isNull: Bool { self == .null }
}

extension RedisReply: CustomStringConvertible {
    public var description: String {
        switch self {
        case .simple(let text): "+\(text)"
        case .error(let message): "-\(message)"
        case .integer(let value): ":\(value)"
        case .bulk: "\"\(string ?? "")\""
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .null: "(nil)"
        }
    }
}
