/// What a cluster client knows of its cluster: the primaries, whether each answers, and slot coverage.
public struct RedisClusterStatus: Sendable, Equatable {
    /// One primary.
    public struct Node: Sendable, Equatable {
        /// `host:port`.
        public var address: String
        /// Its replicas' `host:port`, as the topology last said (Redis 7.0 lists a replica in
        /// `CLUSTER SLOTS` only once it has replicated something).
        public var replicas: [String]
        /// Whether it answered PING.
        public var answers: Bool
        /// How long PING took, when it answered.
        public var latency: Duration?

        /// ``latency`` in milliseconds.
        public var latencyMilliseconds: Double? { latency.map { Double($0 / .microseconds(1)) / 1000 } }
    }

    /// How often calls took a detour since the client started.
    public struct Detours: Sendable, Equatable {
        /// MOVED replies followed.
        public var moved = 0
        /// ASK replies followed.
        public var asked = 0
        /// Retries after TRYAGAIN, CLUSTERDOWN, MASTERDOWN, LOADING or a node that could not be reached.
        public var retried = 0
    }

    /// The primaries, in slot order.
    public var primaries: [Node]
    /// How many of the 16384 slots some primary serves.
    public var coveredSlots: Int
    /// Redirections and retries so far.
    public var detours: Detours

    /// Whether every slot has a primary and every primary answers.
    public var isHealthy: Bool { coveredSlots == HashSlot.count && primaries.allSatisfy(\.answers) }
}
