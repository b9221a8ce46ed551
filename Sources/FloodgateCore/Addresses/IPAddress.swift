#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16): a client's address as the daemon sees it,
/// for trusted proxies and for the bot defense's grouping. An IPv4-mapped IPv6 address
/// (`::ffff:192.0.2.1`) is read as the IPv4 address it carries, so a proxy list written in
/// IPv4 matches a dual-stack listener's peers.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, in network order.
    public let bytes: [UInt8]

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool { bytes.count == 4 }

    /// Parses a literal address: `192.0.2.1` or `2001:db8::1` (no brackets, no port, no zone).
    public init?(_ text: some StringProtocol) {
        let text = String(text)
        // Byte checks: a scan by Character (grapheme breaking) costs more than the parse itself.
        guard !text.isEmpty, text.utf8.count <= 45, !text.utf8.contains(UInt8(ascii: "%")) else { return nil }
        if text.utf8.contains(UInt8(ascii: ":")) {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            let bytes = withUnsafeBytes(of: &address) { Array($0) }
            self.bytes = Self.isV4Mapped(bytes) ? Array(bytes[12...]) : bytes
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            self.bytes = withUnsafeBytes(of: &address) { Array($0) }
        }
    }

    /// An address from its bytes (4 or 16 of them).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = Self.isV4Mapped(bytes) ? Array(bytes[12...]) : bytes
    }

    /// The address as `inet_ntop` writes it (`192.0.2.1`, `2001:db8::1`).
    public var description: String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = isIPv4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard written != nil else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The subnet the bot defense counts the address in: `a.b.c.0/24` for IPv4, the /64 of an
    /// IPv6 address (`2001:db8:1:2::/64`).
    public var subnet: String {
        AddressRange(self, prefixLength: isIPv4 ? 24 : 64).description
    }

    private static func isV4Mapped(_ bytes: [UInt8]) -> Bool {
        bytes.count == 16 && bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
    }
}
