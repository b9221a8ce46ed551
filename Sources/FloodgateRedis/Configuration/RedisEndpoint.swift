/// Where a Redis server listens and how to log in to it, parsed from a URL.
///
/// Accepted forms: `redis://[[user]:password@]host[:port][/db]` (port 6379 and db 0 by default,
/// IPv6 hosts in brackets) and `unix:///path/to/redis.sock[?db=N&password=P]`.
public struct RedisEndpoint: Sendable, Hashable {
    /// How the server is reached.
    public enum Address: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public var address: Address
    /// The user for `AUTH user password` (Redis 6 ACLs); nil for `AUTH password`.
    public var username: String?
    /// The password for AUTH; nil for none.
    public var password: String?
    /// The logical database for SELECT.
    public var database: Int

    /// Creates an endpoint from its parts.
    public init(address: Address, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.address = address
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses a `redis://` or `unix://` URL.
    /// - Throws: ``RedisEndpointError`` naming what is wrong with the URL.
    public init(url: String) throws(RedisEndpointError) {
        if url.hasPrefix("redis://") {
            self = try Self.parseTCP(String(url.dropFirst("redis://".count)), url: url)
        } else if url.hasPrefix("unix://") {
            self = try Self.parseUnix(String(url.dropFirst("unix://".count)), url: url)
        } else {
            throw RedisEndpointError(url: url, reason: "the scheme must be redis:// or unix:// (redis+cluster:// for a cluster)")
        }
    }

    /// A short text for logs and errors, without the password.
    public var displayName: String {
        switch address {
        case .tcp(let host, let port): "redis://\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        case .unixSocket(let path): "unix://\(path)"
        }
    }
}

/// A Redis URL that could not be parsed.
public struct RedisEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    public var url: String
    public var reason: String
    public var description: String { "invalid Redis URL '\(url)': \(reason)" }
}

extension RedisEndpoint {
    private static func parseTCP(_ rest: String, url: String) throws(RedisEndpointError) -> RedisEndpoint {
        var rest = Substring(rest)
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : String(user)
                password = String(credentials[credentials.index(after: colon)...])
            } else {
                password = String(credentials)
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let db = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !db.isEmpty {
                guard let value = Int(db), (0...15_999).contains(value) else {
                    throw RedisEndpointError(url: url, reason: "the database '\(db)' is not a number")
                }
                database = value
            }
        }
        let (host, port) = try parseHostPort(rest, url: url)
        return RedisEndpoint(address: .tcp(host: host, port: port), username: username, password: password, database: database)
    }

    private static func parseHostPort(_ text: Substring, url: String) throws(RedisEndpointError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw RedisEndpointError(url: url, reason: "an IPv6 host needs a closing ']'")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw RedisEndpointError(url: url, reason: "unexpected '\(after)' after the host")
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw RedisEndpointError(url: url, reason: "the host is missing") }
        var port = 6379
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else {
                throw RedisEndpointError(url: url, reason: "the port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
        }
        return (String(host), port)
    }

    private static func parseUnix(_ rest: String, url: String) throws(RedisEndpointError) -> RedisEndpoint {
        let parts = rest.split(separator: "?", maxSplits: 1)
        guard let path = parts.first, path.hasPrefix("/") else {
            throw RedisEndpointError(url: url, reason: "a unix socket URL needs an absolute path (unix:///path/redis.sock)")
        }
        var endpoint = RedisEndpoint(address: .unixSocket(path: String(path)))
        for pair in parts.dropFirst().first?.split(separator: "&") ?? [] {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            switch (kv.first, kv.count) {
            case ("db", 2):
                guard let db = Int(kv[1]), db >= 0 else {
                    throw RedisEndpointError(url: url, reason: "the database '\(kv[1])' is not a number")
                }
                endpoint.database = db
            case ("password", 2): endpoint.password = kv[1]
            case ("user", 2): endpoint.username = kv[1]
            default: throw RedisEndpointError(url: url, reason: "unknown parameter '\(pair)'")
            }
        }
        return endpoint
    }
}
