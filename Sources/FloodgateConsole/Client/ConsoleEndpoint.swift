import FloodgateHTTPClient
/// The daemon's address from `--connect http://HOST:PORT`: a name, an IPv4 address or a bracketed
/// IPv6 address such as `[::1]`.
public struct ConsoleEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The host to connect to, without brackets.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Parses `http://HOST[:PORT][/]`; the port defaults to 80.
    /// - Throws: ``EndpointError`` saying what is wrong.
    public init(url: String) throws(EndpointError) {
        guard url.hasPrefix("http://") else {
            throw EndpointError(message: url.hasPrefix("https://") ? "https is not supported; use http://HOST:PORT" : "must start with http://")
        }
        var rest = Substring(url.dropFirst("http://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@") else { throw EndpointError(message: "must be http://HOST:PORT") }
        let portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw EndpointError(message: "unclosed '[' in the IPv6 address") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw EndpointError(message: "unexpected text after ']'") }
            portText = after.isEmpty ? nil : after.dropFirst()
        } else {
            let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = String(parts[0])
            portText = parts.count > 1 ? parts[1] : nil
        }
        guard !host.isEmpty else { throw EndpointError(message: "has no host") }
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else { throw EndpointError(message: "port '\(portText)' is not 1-65535") }
            self.port = port
        } else {
            port = 80
        }
    }

    /// The `Host` header's value.
    public var hostHeader: String { HTTPCall.hostHeader(host: host, port: port) }

    /// `http://host:port`.
    public var description: String { "http://" + hostHeader }
}

/// A `--connect` URL that cannot be used.
public struct EndpointError: Error, Sendable, Hashable {
    public var message: String
}
