/// What a daemon writes about itself to the registry (``SaleKeys/daemons``) every second.
/// Times are on Redis' clock, in ms since 1970, so that daemons on different hosts agree.
public struct DaemonHeartbeat: Codable, Sendable, Hashable {
    public var id: String
    /// The address its HTTP listener is bound to, `HOST:PORT`.
    public var address: String
    public var version: String
    public var startedAtMs: Int64
    /// Requests a second and their p99 over the last few seconds.
    public var requestsPerSecond: Double
    public var p99Ms: Double
    public var lastSeenMs: Int64

    /// Creates a value from its parts.
    public init(id: String, address: String, version: String, startedAtMs: Int64, requestsPerSecond: Double, p99Ms: Double, lastSeenMs: Int64) {
        self.id = id
        self.address = address
        self.version = version
        self.startedAtMs = startedAtMs
        self.requestsPerSecond = requestsPerSecond
        self.p99Ms = p99Ms
        self.lastSeenMs = lastSeenMs
    }

    enum CodingKeys: String, CodingKey {
        case id, address, version, startedAtMs = "started_at_ms", requestsPerSecond = "requests_per_second"
        case p99Ms = "p99_ms", lastSeenMs = "last_seen_ms"
    }
}
