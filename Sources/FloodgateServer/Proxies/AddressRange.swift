/// An address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`), as given to
/// `--trusted-proxies`.
struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The block's first address (host bits cleared).
    let network: IPAddress
    /// How many leading bits must match: 0 to 32 for IPv4, 0 to 128 for IPv6.
    let prefixLength: Int

    /// The ranges every daemon trusts unless told otherwise: a proxy on the same host.
    static let loopback: [AddressRange] = [AddressRange("127.0.0.0/8")!, AddressRange("::1")!]

    /// Parses `ADDRESS` or `ADDRESS/BITS`; nil when either part is malformed or out of range.
    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let maximum = address.bytes.count * 8
        var length = maximum
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].utf8.count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let bits = Int(parts[1]),
                (0...maximum).contains(bits)
            else { return nil }
            length = bits
        }
        self.prefixLength = length
        self.network = IPAddress(bytes: Self.masked(address.bytes, bits: length))!
    }

    /// Whether `address` lies in the block (an IPv4 address never lies in an IPv6 block).
    func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == network.bytes.count && Self.masked(address.bytes, bits: prefixLength) == network.bytes
    }

    var description: String {
        prefixLength == network.bytes.count * 8 ? network.description : "\(network)/\(prefixLength)"
    }

    /// Parses a comma-separated list; nil when any element is malformed.
    static func list(_ text: String) -> [AddressRange]? {
        var ranges: [AddressRange] = []
        for item in text.split(separator: ",") {
            let trimmed = item.strippingBlanks()
            guard let range = AddressRange(trimmed) else { return nil }
            ranges.append(range)
        }
        return ranges.isEmpty ? nil : ranges
    }

    private static func masked(_ bytes: [UInt8], bits: Int) -> [UInt8] {
        bytes.indices.map { index in
            let keep = min(8, max(0, bits - index * 8))
            return keep == 8 ? bytes[index] : bytes[index] & ~(UInt8(0xff) >> keep)
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func strippingBlanks() -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = firstIndex { !blank($0) } ?? endIndex
        let end = lastIndex { !blank($0) }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }
}
