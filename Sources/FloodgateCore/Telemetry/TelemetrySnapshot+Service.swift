/// The serving side of the telemetry snapshot, measured by the daemon itself: its HTTP traffic,
/// its Redis, and the bot defense's view of the crowd.
extension TelemetrySnapshot {
    /// The daemon's HTTP traffic.
    public struct HTTP: Codable, Sendable, Hashable {
        public var requestsPerSecond: Double
        /// Share of 5xx responses recently, 0...1.
        public var errorRate: Double
        public var routes: [Route]

        /// Creates a value from its parts.
        public init(requestsPerSecond: Double, errorRate: Double, routes: [Route]) {
            self.requestsPerSecond = requestsPerSecond
            self.errorRate = errorRate
            self.routes = routes
        }

        enum CodingKeys: String, CodingKey {
            case requestsPerSecond = "requests_per_second", errorRate = "error_rate", routes
        }

        /// One route, such as `POST /checkout/reserve`.
        public struct Route: Codable, Sendable, Hashable {
            public var route: String
            public var requestsPerSecond: Double
            public var p50Ms: Double
            public var p99Ms: Double
            public var errorRate: Double

            /// Creates a value from its parts.
            public init(route: String, requestsPerSecond: Double, p50Ms: Double, p99Ms: Double, errorRate: Double) {
                self.route = route
                self.requestsPerSecond = requestsPerSecond
                self.p50Ms = p50Ms
                self.p99Ms = p99Ms
                self.errorRate = errorRate
            }

            enum CodingKeys: String, CodingKey {
                case route, requestsPerSecond = "requests_per_second", p50Ms = "p50_ms", p99Ms = "p99_ms", errorRate = "error_rate"
            }
        }
    }

    /// The daemon's view of Redis.
    public struct Redis: Codable, Sendable, Hashable {
        public var connected: Bool
        public var p50Ms: Double
        public var p99Ms: Double
        /// On a Redis Cluster, its primaries; absent on a single server.
        public var nodes: [Node]?

        /// One primary of a Redis Cluster.
        public struct Node: Codable, Sendable, Hashable {
            /// `host:port`.
            public var address: String
            /// Whether it answered PING.
            public var up: Bool
            /// How long PING took, when it answered.
            public var latencyMs: Double?
            /// Its replicas' `host:port`.
            public var replicas: [String]

            /// Creates a value from its parts.
            public init(address: String, up: Bool, latencyMs: Double?, replicas: [String]) {
                self.address = address
                self.up = up
                self.latencyMs = latencyMs
                self.replicas = replicas
            }

            enum CodingKeys: String, CodingKey {
                case address, up, replicas, latencyMs = "latency_ms"
            }
        }

        /// Creates a value from its parts.
        public init(connected: Bool, p50Ms: Double, p99Ms: Double, nodes: [Node]? = nil) {
            self.connected = connected
            self.p50Ms = p50Ms
            self.p99Ms = p99Ms
            self.nodes = nodes
        }

        enum CodingKeys: String, CodingKey {
            case connected, nodes, p50Ms = "p50_ms", p99Ms = "p99_ms"
        }
    }

    /// Bot defenses; empty until they report.
    public struct Bots: Codable, Sendable, Hashable {
        public var blocked: Int
        /// Counts of sources by bot score, ten buckets from 0.0-0.1 to 0.9-1.0.
        public var scoreHistogram: [Int]
        public var topOffenders: [Offender]
        /// The bot defense of the sale: sessions held now and evicted, the policy's mode
        /// (`observe` or `enforce`), units held or bought by flagged sessions.
        public var held: Int?
        public var evicted: Int?
        public var mode: String?
        public var unitsFlagged: Int?

        /// Creates a value from its parts.
        public init(blocked: Int, scoreHistogram: [Int], topOffenders: [Offender], held: Int? = nil, evicted: Int? = nil,
                    mode: String? = nil, unitsFlagged: Int? = nil) {
            self.blocked = blocked
            self.scoreHistogram = scoreHistogram
            self.topOffenders = topOffenders
            self.held = held
            self.evicted = evicted
            self.mode = mode
            self.unitsFlagged = unitsFlagged
        }

        enum CodingKeys: String, CodingKey {
            case blocked, scoreHistogram = "score_histogram", topOffenders = "top_offenders"
            case held, evicted, mode, unitsFlagged = "units_flagged"
        }

        /// A source with a high bot score.
        public struct Offender: Codable, Sendable, Hashable {
            public var source: String
            public var score: Double
            public var requests: Int
            /// The strongest signal of its top session, and its client fingerprint.
            public var mainSignal: String?
            public var fingerprint: String?
            /// Creates a value from its parts.
            public init(source: String, score: Double, requests: Int, mainSignal: String? = nil, fingerprint: String? = nil) {
                self.source = source
                self.score = score
                self.requests = requests
                self.mainSignal = mainSignal
                self.fingerprint = fingerprint
            }

            enum CodingKeys: String, CodingKey {
                case source, score, requests, fingerprint, mainSignal = "main_signal"
            }

        }
    }
}
