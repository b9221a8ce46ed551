import Foundation

/// An address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`): the proxies given to
/// `--trusted-proxies`, and the sources an operator blocks in the bot defense.
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The block's first address (host bits cleared).
    public let network: IPAddress
    /// How many leading bits must match: 0 to 32 for IPv4, 0 to 128 for IPv6.
    public let prefixLength: Int

    /// The ranges every daemon trusts unless told otherwise: a proxy on the same host.
    public static let loopback: [AddressRange] = [AddressRange("127.0.0.0/8")!, AddressRange("::1")!]

    /// Parses `ADDRESS` or `ADDRESS/BITS`; nil when either part is malformed or out of range.
    public init?(_ text: some StringProtocol) {
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
        self.init(address, prefixLength: length)
    }

    /// The block of `prefixLength` bits holding `address`; the length must fit the address.
    public init(_ address: IPAddress, prefixLength: Int) {
        precondition((0...address.bytes.count * 8).contains(prefixLength), "prefix length \(prefixLength) does not fit \(address)")
        self.prefixLength = prefixLength
        self.network = IPAddress(bytes: Self.masked(address.bytes, bits: prefixLength))!
    }

    /// Whether `address` lies in the block (an IPv4 address never lies in an IPv6 block).
    public func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == network.bytes.count && Self.masked(address.bytes, bits: prefixLength) == network.bytes
    }

    /// `network/bits`, or the bare address for a single one.
    public var description: String {
        prefixLength == network.bytes.count * 8 ? network.description : cidr
    }

    /// `network/bits` always, single addresses included (`192.0.2.7/32`): the form of a block's key.
    public var cidr: String {
        "\(network)/\(prefixLength)"
    }

    /// Parses a comma-separated list; nil when any element is malformed.
    public static func list(_ text: String) -> [AddressRange]? {
        var ranges: [AddressRange] = []
        for item in text.split(separator: ",") {
            guard let range = AddressRange(item.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))) else { return nil }
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
