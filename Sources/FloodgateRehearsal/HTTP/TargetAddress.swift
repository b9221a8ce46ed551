import FloodgateHTTPClient
import NIOCore

/// A daemon to rehearse against: `http://HOST:PORT`, on loopback only (127.0.0.1, ::1 or
/// localhost), because a rehearsal's load must never leave the machine.
public struct TargetAddress: Sendable, Hashable, CustomStringConvertible {
    /// The IP address (localhost is taken as 127.0.0.1).
    public var host: String
    public var port: Int

    /// A loopback target.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `http://HOST:PORT` (a trailing `/` is allowed).
    /// - Throws: ``RehearsalSetupError`` for another scheme, a missing port or a host that is not loopback.
    public init(url: String) throws(RehearsalSetupError) {
        guard url.hasPrefix("http://") else { throw RehearsalSetupError("--target \(url): must start with http://") }
        var rest = url.dropFirst("http://".count)
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(port) else {
            throw RehearsalSetupError("--target \(url): needs a port, as in http://127.0.0.1:8080")
        }
        var host = String(rest[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { host = "127.0.0.1" }
        guard host == "::1" || host.hasPrefix("127.") else {
            throw RehearsalSetupError("--target \(url): a rehearsal only sends its load to loopback (127.0.0.1, ::1 or localhost)")
        }
        self.init(host: host, port: port)
    }

    /// The `Host` header.
    var hostHeader: String { HTTPCall.hostHeader(host: host, port: port) }

    /// The socket address to connect to.
    func socketAddress() throws -> SocketAddress {
        try SocketAddress(ipAddress: host, port: port)
    }

    /// `http://HOST:PORT`.
    public var description: String { "http://\(hostHeader)" }
}

/// Why a rehearsal could not be set up or run, in one line for the operator.
public struct RehearsalSetupError: Error, Sendable, CustomStringConvertible {
    public let description: String

    /// An error with its one-line message.
    public init(_ description: String) {
        self.description = description
    }
}
