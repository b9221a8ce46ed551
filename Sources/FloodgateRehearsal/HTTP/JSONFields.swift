import NIOCore

/// Reads fields of the small JSON objects the daemon answers without a full parse: the value
/// after the first `"name":`. Enough for the load generator's hot path (status polls), where
/// Foundation's JSON would cost more than the request itself.
struct JSONFields {
    private let bytes: [UInt8]

    init(_ buffer: ByteBuffer) {
        bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
    }

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The string value of `name`; nil when absent, null or not a string.
    func string(_ name: String) -> String? {
        guard var index = valueStart(name), index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        var output: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                index += 1
            }
            output.append(bytes[index])
            index += 1
        }
        return index < bytes.count ? String(decoding: output, as: UTF8.self) : nil
    }

    /// The integer value of `name`; nil when absent, null or not an integer.
    func integer(_ name: String) -> Int64? {
        guard var index = valueStart(name) else { return nil }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), digits < 18 {
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            index += 1
            digits += 1
        }
        return digits > 0 ? (negative ? -value : value) : nil
    }

    /// The API error code of an error answer (`{"error":{"code":...}}`).
    var errorCode: String? { string("code") }

    /// Where the value of `"name":` starts, after any spaces.
    private func valueStart(_ name: String) -> Int? {
        let key = Array("\"\(name)\"".utf8)
        guard bytes.count > key.count else { return nil }
        var index = 0
        while index + key.count < bytes.count {
            if bytes[index] == key[0], (index == 0 || bytes[index - 1] != UInt8(ascii: "\\")),
                bytes[index..<index + key.count].elementsEqual(key)
            {
                var after = index + key.count
                while after < bytes.count, bytes[after] == UInt8(ascii: " ") { after += 1 }
                if after < bytes.count, bytes[after] == UInt8(ascii: ":") {
                    after += 1
                    while after < bytes.count, bytes[after] == UInt8(ascii: " ") { after += 1 }
                    return after
                }
            }
            index += 1
        }
        return nil
    }
}
