import FloodgateCore

/// One hop of a forwarding header, as the proxy that appended it named the client it saw.
enum ForwardedHop: Sendable, Equatable {
    /// A literal address.
    case address(IPAddress)
    /// A hop that names no usable address: RFC 7239 `unknown` or an obfuscated identifier
    /// (`_hidden`), or text that is not an address at all.
    case opaque
}

/// Reads the hops of `X-Forwarded-For` and of RFC 7239 `Forwarded`, left (first proxy) to right
/// (last proxy). Several header lines count as one list, in order.
enum ForwardedHops {
    /// The hops of `X-Forwarded-For: 203.0.113.7, 10.0.0.2`. An entry may carry a port
    /// (`192.0.2.1:443`, `[2001:db8::1]:443`); anything else that is not an address is opaque.
    static func xForwardedFor(_ lines: [String]) -> [ForwardedHop] {
        lines.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map { entry in
            let text = entry.strippingBlanks()
            return address(text).map(ForwardedHop.address) ?? .opaque
        }
    }

    /// The `for=` hops of `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8:cafe::17]:4711"`.
    /// An element without one `for=`, or that does not parse, is opaque; so is a line that does
    /// not parse at all.
    static func forwarded(_ lines: [String]) -> [ForwardedHop] {
        lines.flatMap { line -> [ForwardedHop] in
            guard let elements = ForwardedSyntax.elements(line) else { return [.opaque] }
            return elements.map { pairs in
                let values = pairs.filter { $0.name == "for" }.map(\.value)
                guard values.count == 1 else { return .opaque }
                return address(values[0]).map(ForwardedHop.address) ?? .opaque
            }
        }
    }

    /// An address, with or without a port: `192.0.2.43`, `192.0.2.43:47011`, `2001:db8::17`,
    /// `[2001:db8::17]`, `[2001:db8::17]:4711`. RFC 7239's `unknown` and obfuscated names
    /// (`_hidden`) give nil.
    private static func address(_ text: Substring) -> IPAddress? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || isPort(rest.dropFirst()) && rest.first == ":" else { return nil }
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        if let direct = IPAddress(text) { return direct }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, isPort(parts[1]) else { return nil }
        return IPAddress(parts[0]).flatMap { $0.isIPv4 ? $0 : nil }
    }

    /// A decimal port, or an RFC 7239 obfuscated port (`_abc`): either way only the address counts.
    private static func isPort(_ text: Substring) -> Bool {
        guard let first = text.first, text.utf8.count <= 32 else { return false }
        if first == "_" { return text.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } }
        return text.utf8.count <= 5 && text.allSatisfy { $0.isASCII && $0.isNumber } && Int(text).map { $0 <= 65_535 } == true
    }
}
