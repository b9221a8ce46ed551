import FloodgateRedis
import Logging

/// Everything `floodgate serve` needs to start. Every field has a default; the command line
/// fills it in.
public struct ServeConfiguration: Sendable {
    /// The HTTP listener.
    public var listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080)
    /// An external Redis server or cluster; nil starts a private redis-server in ``dataDirectory``.
    public var redisURL: String?
    /// Where the daemon keeps its embedded Redis (socket, AOF, log) and its generated secrets.
    public var dataDirectory: String = "./.floodgate"
    /// How often the embedded Redis syncs its append-only file.
    public var appendFsync: RedisServerOptions.AppendFsync = .everysec
    /// The admin API's bearer token; nil generates one and writes it to the data directory.
    public var adminToken: String?
    /// How much the daemon logs.
    public var logLevel: Logger.Level = .info
    /// How many connections the Redis client keeps.
    public var redisConnections: Int = 1
    /// Whether to create the `demo` sale and simulate shoppers on it.
    public var demo = false
    /// Sale definition files (JSON) to create at startup, unless they exist.
    public var saleFiles: [String] = []
    /// The secret that signs queue tokens and challenges; nil shares one through Redis.
    public var secret: String?
    /// Whether `X-Forwarded-For` names the caller (only behind a load balancer you trust).
    public var trustForwardedFor = false
    /// Registrations a second allowed per source address (0 turns the limit off), and the burst.
    public var registrationsPerSource: Double = 50
    public var registrationBurst: Double = 100
    /// Shoppers' requests in progress at once before the priority gate makes registrations,
    /// then status polls, wait (checkout last); see `PriorityLimits`.
    public var requestCapacity = 256

    /// A configuration with every default.
    public init() {}
}

/// A `HOST:PORT` pair for the HTTP listener; IPv6 hosts in brackets (`[::1]:8080`).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// Creates an address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; port 0 picks a free port.
    /// - Returns: nil when the text is not of that form.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
