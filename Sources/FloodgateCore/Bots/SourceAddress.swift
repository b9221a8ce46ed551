import Foundation

/// A client address as the bot defense groups it: the address itself and its subnet (/24 for
/// IPv4, /64 for IPv6), and address ranges (CIDR) that operators block.
public struct SourceAddress: Sendable, Hashable {
    /// The address bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Parses a dotted IPv4 or an IPv6 address; nil when it is neither.
    public init?(_ text: String) {
        if text.contains(":") {
            guard let bytes = Self.parseIPv6(text) else { return nil }
            self.bytes = bytes
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var bytes: [UInt8] = []
            for part in parts {
                guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
                bytes.append(value)
            }
            self.bytes = bytes
        }
    }

    /// The subnet the address counts in: `a.b.c.0/24` or the /64 of an IPv6 address.
    public var subnet: String {
        if bytes.count == 4 { return "\(bytes[0]).\(bytes[1]).\(bytes[2]).0/24" }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }
}

/// An address range an operator blocks: `203.0.113.0/24`, `2001:db8::/48` or one address.
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The network's first address.
    public let network: SourceAddress
    /// The prefix length.
    public let prefix: Int

    /// Parses `address` or `address/prefix`; nil when malformed or when the prefix is too long.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = SourceAddress(String(parts[0])) else { return nil }
        let bits = address.bytes.count * 8
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            prefix = bits
        }
        network = address
    }

    /// Whether `address` is inside the range.
    public func contains(_ address: SourceAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefix
        for (a, b) in zip(address.bytes, network.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// `network/prefix` as given.
    public var description: String {
        let address = network.bytes.count == 4 ? network.bytes.map(String.init).joined(separator: ".")
            : stride(from: 0, to: 16, by: 2).map { String(UInt16(network.bytes[$0]) << 8 | UInt16(network.bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
        return "\(address)/\(prefix)"
    }
}
