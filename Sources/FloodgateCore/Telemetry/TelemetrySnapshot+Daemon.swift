extension TelemetrySnapshot {
    /// One daemon of the registry, as telemetry and `GET /admin/daemons` show it.
    public struct Daemon: Codable, Sendable, Hashable {
        public var id: String
        /// Its HTTP listener, `HOST:PORT`.
        public var address: String
        public var version: String
        /// When it started and when it was last heard from, RFC 3339.
        public var startedAt: String
        public var lastSeen: String
        /// Seconds since its last heartbeat.
        public var secondsSinceSeen: Double
        /// Seconds from its start to its last heartbeat: how long it has been up (a daemon that is
        /// down stops counting); nil from daemons that do not report it.
        public var uptimeSeconds: Double?
        /// `up`, or `down` once it has missed a few heartbeats.
        public var state: String
        /// Requests a second and their p99 over its last few seconds.
        public var requestsPerSecond: Double
        public var p99Ms: Double

        /// Creates a value from its parts.
        public init(id: String, address: String, version: String, startedAt: String, lastSeen: String, secondsSinceSeen: Double,
                    uptimeSeconds: Double?, state: String, requestsPerSecond: Double, p99Ms: Double) {
            self.id = id
            self.address = address
            self.version = version
            self.startedAt = startedAt
            self.lastSeen = lastSeen
            self.secondsSinceSeen = secondsSinceSeen
        self.uptimeSeconds = uptimeSeconds
            self.state = state
            self.requestsPerSecond = requestsPerSecond
            self.p99Ms = p99Ms
        }

        enum CodingKeys: String, CodingKey {
            case id, address, version, startedAt = "started_at", lastSeen = "last_seen", secondsSinceSeen = "seconds_since_seen"
            case uptimeSeconds = "uptime_seconds"
            case state, requestsPerSecond = "requests_per_second", p99Ms = "p99_ms"
        }
    }
}
