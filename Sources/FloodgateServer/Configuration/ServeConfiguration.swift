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
    /// The operators' named tokens (`OperatorTokens` describes the format); reloaded on SIGHUP.
    public var adminTokensFile: String?
    /// How much the daemon logs.
    public var logLevel: Logger.Level = .info
    /// How many connections the Redis client keeps.
    public var redisConnections: Int = 1
    /// Replicas that must confirm the writes of scripts that move stock or money (`WAIT`), and
    /// how long to wait for them; nil answers as soon as the primary has them.
    public var redisReplicaWait: ReplicaWait?
    /// Whether to create the `demo` sale and simulate shoppers on it.
    public var demo = false
    /// With ``demo``, whether the simulated crowd runs (false: the demo sale alone, empty).
    public var demoCrowd = true
    /// Sale definition files (JSON) to create at startup, unless they exist.
    public var saleFiles: [String] = []
    /// The secret that signs queue tokens and challenges; nil shares one through Redis.
    public var secret: String?
    /// Whether a forwarding header names the caller (only behind a load balancer you trust).
    public var trustForwardedFor = false
    /// The header the load balancer writes: `x-forwarded-for` or `forwarded` (RFC 7239).
    public var forwardingHeader = "x-forwarded-for"
    /// The proxies whose forwarding hops are believed: addresses and CIDR blocks, IPv4 or IPv6.
    public var trustedProxies = ["127.0.0.0/8", "::1"]
    /// Registrations a second allowed per source address (0 turns the limit off), and the burst.
    public var registrationsPerSource: Double = 50
    public var registrationBurst: Double = 100
    /// How long a payment gateway call may take (`PaymentPolicy` derives the payment hold from it).
    public var paymentTimeout: Duration = .seconds(10)
    /// How long a commit waits for the payment's outcome before answering 202 `payment_pending`.
    public var paymentAnswerWithin: Duration = .milliseconds(250)
    /// Checkout calls (reserve, commit, cancel) a second allowed per queue token (0 turns the
    /// limit off), and the burst: a shopper needs a handful, a script looping reserve/cancel is cut off.
    public var checkoutPerToken: Double = 2
    public var checkoutBurst: Double = 20
    /// How long a closed sale stays in Redis before it is archived automatically, in seconds.
    public var archiveAfterSeconds = 86_400
    /// How long an archived sale's keys live on in Redis, in seconds (0 removes them at once).
    public var archiveGraceSeconds = 600
    /// Shoppers' requests in progress at once before the priority gate makes registrations,
    /// then status polls, wait (checkout last); see `PriorityLimits`.
    public var requestCapacity = 256
    /// Whether `GET /health` and `GET /queue/status` are answered in the connection's pipeline
    /// (`HotRouteHandler`) rather than by the router; the answers are the same.
    public var fastPath = true

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
