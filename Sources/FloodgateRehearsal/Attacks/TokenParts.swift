import Foundation

/// A queue token taken apart. A token is `v1.<payload>.<mac>` (FloodgateCore's `TokenSigner`):
/// anyone can read its payload, only the daemons can sign one. The rehearsal reads the ticket
/// (registration order) from it, and forgers alter the parts.
struct TokenParts: Hashable {
    var ticket: UInt64
    var issuedAt: Int64
    var expiresAt: Int64
    var saleID: String
    var userID: String
    /// The 8 bytes binding the token to where it was issued (empty when it has none).
    var binding: [UInt8]
    /// The signature, as base64url text.
    var mac: String

    /// Reads a token; nil when it is not one.
    init?(_ token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let payload = Self.decode(String(parts[1])), payload.count >= 26 else { return nil }
        func word(_ offset: Int) -> UInt64 { payload[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        var index = 24
        func text() -> String? {
            guard index < payload.count, index + 1 + Int(payload[index]) <= payload.count else { return nil }
            defer { index += 1 + Int(payload[index]) }
            return String(decoding: payload[index + 1..<index + 1 + Int(payload[index])], as: UTF8.self)
        }
        guard let sale = text(), let user = text(), [0, 8].contains(payload.count - index) else { return nil }
        ticket = word(0)
        issuedAt = Int64(bitPattern: word(8))
        expiresAt = Int64(bitPattern: word(16))
        saleID = sale
        userID = user
        binding = Array(payload[index...])
        mac = String(parts[2])
    }

    /// The token text: these parts with their signature (which no longer matches if they changed).
    var text: String { "v1." + Self.encode(payload) + "." + mac }

    /// The payload's bytes, as the daemon lays them out.
    var payload: [UInt8] {
        var bytes: [UInt8] = []
        for word in [ticket, UInt64(bitPattern: issuedAt), UInt64(bitPattern: expiresAt)] {
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
        }
        for text in [saleID, userID] {
            bytes.append(UInt8(text.utf8.count))
            bytes += text.utf8
        }
        return bytes + binding
    }

    /// Unpadded base64url.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Bytes from unpadded base64url; nil when it is not. By hand: it runs for every registration.
    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in text.utf8 {
            guard let value = sextet(character) else { return nil }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return text.utf8.count % 4 == 1 ? nil : output
    }

    private static func sextet(_ character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(character - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(character - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(character - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
