/// The token's binary payload: fixed-width big-endian numbers, then two length-prefixed strings.
///
/// ```
/// ticket      8 bytes  UInt64 big-endian
/// issued_at   8 bytes  Int64 big-endian (two's complement)
/// expires_at  8 bytes  Int64 big-endian (two's complement)
/// sale_len    1 byte,  then sale_len bytes of UTF-8 sale id
/// user_len    1 byte,  then user_len bytes of UTF-8 user id
/// binding     8 bytes, optional: subnet hash then agent hash, UInt32 big-endian each (``TokenBinding``)
/// ```
/// Nothing else may follow the user id.
extension QueueToken {
    /// The payload bytes.
    var payload: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(34 + saleID.utf8.count + userID.utf8.count)
        for word in [ticket, UInt64(bitPattern: issuedAt), UInt64(bitPattern: expiresAt)] {
            withUnsafeBytes(of: word.bigEndian) { bytes.append(contentsOf: $0) }
        }
        for text in [saleID, userID] {
            bytes.append(UInt8(text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        }
        if let binding {
            let word = UInt64(binding.subnet) << 32 | UInt64(binding.agent)
            withUnsafeBytes(of: word.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Reads a payload whose signature was verified; `nil` when it is cut short, too long, or
    /// not UTF-8.
    ///
    /// The ids are not checked again (the Unicode category scan of the user id is the dearest
    /// part of reading a token): a signed payload was made by `TokenSigner.sign(_:)` from a
    /// `QueueToken`, whose initializer checked them.
    init?(signedPayload bytes: [UInt8]) {
        var reader = PayloadReader(bytes: bytes)
        guard let ticket = reader.word(), let issued = reader.word(), let expires = reader.word(),
            let saleID = reader.text(), let userID = reader.text()
        else { return nil }
        var binding: TokenBinding?
        if !reader.isAtEnd {
            guard let word = reader.word(), reader.isAtEnd else { return nil }
            binding = TokenBinding(subnet: UInt32(truncatingIfNeeded: word >> 32), agent: UInt32(truncatingIfNeeded: word))
        }
        self.init(
            checkedUserID: userID, saleID: saleID, ticket: ticket,
            issuedAt: Int64(bitPattern: issued), expiresAt: Int64(bitPattern: expires), binding: binding
        )
    }
}

/// A cursor over payload bytes.
private struct PayloadReader {
    let bytes: [UInt8]
    var index = 0

    var isAtEnd: Bool {
        index == bytes.count
    }

    mutating func word() -> UInt64? {
        guard bytes.count - index >= 8 else { return nil }
        var value: UInt64 = 0
        for byte in bytes[index..<index + 8] {
            value = value << 8 | UInt64(byte)
        }
        index += 8
        return value
    }

    mutating func text() -> String? {
        guard index < bytes.count else { return nil }
        let length = Int(bytes[index])
        guard bytes.count - index - 1 >= length else { return nil }
        let slice = bytes[index + 1..<index + 1 + length]
        index += 1 + length
        return String(validating: slice, as: UTF8.self)
    }
}
