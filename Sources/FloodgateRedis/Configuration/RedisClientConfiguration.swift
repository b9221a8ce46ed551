/// How a ``RedisClient`` connects and behaves under load. Every field has a default.
public struct RedisClientConfiguration: Sendable {
    /// The server; in cluster mode the first seed, whose user and password every node gets.
    public var endpoint: RedisEndpoint
    /// The seed nodes of a Redis Cluster; empty for a single server. With seeds, the client reads
    /// the cluster's topology and keeps one pipelined connection per primary.
    public var clusterSeeds: [RedisEndpoint] = []
    /// In cluster mode, how many times one call may be redirected (MOVED, ASK) or retried
    /// (TRYAGAIN, CLUSTERDOWN, MASTERDOWN, LOADING, a node that cannot be reached) within its timeout.
    public var clusterMaxAttempts: Int = 16
    /// In cluster mode, the first pause before retrying a busy cluster; it doubles up to 500 ms.
    public var clusterRetryDelay: Duration = .milliseconds(20)
    /// When set, scripts that ``RedisScript/awaitsReplicas`` are followed by `WAIT replicas timeout`
    /// on their connection, and answer only once that many replicas have their writes; nil (the
    /// default) answers as soon as the primary has them.
    public var replicaWait: ReplicaWait?
    /// In cluster mode, how often the topology is read again even without a redirection.
    public var clusterRefreshInterval: Duration = .seconds(5)
    /// How many connections the client keeps; calls are spread over them. One pipelined
    /// connection batches best on a small machine (`make bench-redis` compares).
    public var connectionCount: Int = 1
    /// How long a call waits for its reply before failing with ``RedisError/timeout(milliseconds:)``.
    public var commandTimeout: Duration = .seconds(5)
    /// How long establishing a connection (TCP, AUTH, SELECT) may take.
    public var connectTimeout: Duration = .seconds(3)
    /// The most calls that may wait for replies on one connection; past it calls fail with
    /// ``RedisError/overloaded(pending:)`` rather than queueing without bound.
    public var maxPendingPerConnection: Int = 16_384
    /// The first delay before reconnecting after a connection drops; it doubles up to ``maxReconnectDelay``.
    public var initialReconnectDelay: Duration = .milliseconds(50)
    /// The longest delay between reconnection attempts.
    public var maxReconnectDelay: Duration = .seconds(2)

    /// A configuration for `endpoint` with the defaults.
    public init(endpoint: RedisEndpoint) {
        self.endpoint = endpoint
    }
}

/// How many replicas must confirm a write, and how long to wait for them (Redis' `WAIT`).
public struct ReplicaWait: Sendable, Hashable {
    /// The replicas that must confirm.
    public var replicas: Int
    /// How long Redis waits for them before answering with fewer.
    public var timeout: Duration

    public init(replicas: Int, timeout: Duration) {
        self.replicas = replicas
        self.timeout = timeout
    }
}
