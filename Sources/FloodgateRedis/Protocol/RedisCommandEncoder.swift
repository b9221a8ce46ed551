/// Encodes commands in the Redis protocol: an array of bulk strings, `*<count>\r\n` then
/// `$<length>\r\n<bytes>\r\n` for each argument, written into one buffer sized up front (no
/// formatting through `printf`, one allocation a command).
enum RedisCommandEncoder {
    /// Formats `arguments` (command name first) and lends the RESP bytes to `body`.
    static func withEncoded<T>(_ arguments: [String], _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try encode(arguments).withUnsafeBytes(body)
    }

    /// The RESP bytes of a command (name first).
    static func encode(_ arguments: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        // Each argument's bytes plus its `$<length>\r\n` and `\r\n`; lengths under a terabyte.
        bytes.reserveCapacity(arguments.reduce(16) { $0 + $1.utf8.count + 17 })
        appendHeader(UInt8(ascii: "*"), arguments.count, to: &bytes)
        for argument in arguments {
            let utf8 = argument.utf8
            appendHeader(UInt8(ascii: "$"), utf8.count, to: &bytes)
            bytes.append(contentsOf: utf8)
            bytes.append(contentsOf: crlf)
        }
        return bytes
    }

    private static let crlf: [UInt8] = [13, 10]

    /// `<kind><decimal value>\r\n`.
    private static func appendHeader(_ kind: UInt8, _ value: Int, to bytes: inout [UInt8]) {
        bytes.append(kind)
        bytes.append(contentsOf: String(value).utf8)
        bytes.append(contentsOf: crlf)
    }
}
