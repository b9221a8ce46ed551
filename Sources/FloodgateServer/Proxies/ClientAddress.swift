import FloodgateCore
import HTTPTypes

/// Which forwarding header the trusted proxies write.
enum ForwardingHeader: String, Sendable, CaseIterable {
    /// `X-Forwarded-For: client, proxy1, proxy2`.
    case xForwardedFor = "x-forwarded-for"
    /// RFC 7239 `Forwarded: for=client, for=proxy1`.
    case forwarded

    /// The header's field name (made once, not on every request).
    var fieldName: HTTPField.Name {
        switch self {
        case .xForwardedFor: Self.xForwardedForName
        case .forwarded: Self.forwardedName
        }
    }

    private static let xForwardedForName = HTTPField.Name("X-Forwarded-For")!
    private static let forwardedName = HTTPField.Name("Forwarded")!
}

/// How the daemon finds a caller's address: the peer of the connection, or, when that peer is a
/// proxy the operator trusts, the address the outermost trusted proxy saw.
///
/// The hops of the forwarding header are walked from the right (the hop the nearest proxy
/// appended): trusted proxies are skipped, and the first address that is not one of them is the
/// caller. Hops left of it were written by the caller and are never believed. A hop that names
/// no address (obfuscated, `unknown`, garbage) stops the walk: the caller is then the trusted
/// proxy that reported it, so a malformed header can only make the caller look like the proxy,
/// never like someone else.
struct ClientAddressPolicy: Sendable {
    /// Whether forwarding headers are read at all.
    var trustForwarded = false
    /// The header the proxies write; the other one is ignored.
    var header = ForwardingHeader.xForwardedFor
    /// The proxies whose hops are believed.
    var trustedProxies = AddressRange.loopback

    /// The caller's address; nil when the connection's peer is unknown.
    /// - Parameters:
    ///   - peer: the connection's remote address (nil when unknown).
    ///   - headerLines: every line of the configured forwarding header, in order.
    func client(peer: IPAddress?, headerLines: [String]) -> IPAddress? {
        guard let peer else { return nil }
        guard trustForwarded, isTrusted(peer), !headerLines.isEmpty else { return peer }
        let hops = header == .forwarded ? ForwardedHops.forwarded(headerLines) : ForwardedHops.xForwardedFor(headerLines)
        var nearest = peer
        for hop in hops.reversed() {
            guard case .address(let address) = hop else { return nearest }
            guard isTrusted(address) else { return address }
            nearest = address
        }
        return nearest
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}

extension ClientAddressPolicy {
    /// The policy the configuration asks for.
    /// - Throws: ``DaemonError`` naming a malformed header name or proxy range.
    init(_ configuration: ServeConfiguration) throws {
        guard let header = ForwardingHeader(rawValue: configuration.forwardingHeader.lowercased()) else {
            throw DaemonError("the forwarding header must be x-forwarded-for or forwarded, got \(configuration.forwardingHeader)")
        }
        var ranges: [AddressRange] = []
        for text in configuration.trustedProxies {
            guard let range = AddressRange(text) else { throw DaemonError("not an address or CIDR block: \(text)") }
            ranges.append(range)
        }
        self.init(trustForwarded: configuration.trustForwardedFor, header: header, trustedProxies: ranges)
    }
}

/// Checks `--trusted-proxies` entries for the command line.
public enum TrustedProxies {
    /// Whether `text` is an address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`, `::1`).
    public static func isValid(_ text: String) -> Bool {
        AddressRange(text) != nil
    }
}
