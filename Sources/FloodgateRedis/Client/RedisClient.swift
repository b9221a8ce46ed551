import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A non-blocking, pipelined Redis client over a small pool of connections.
///
/// Many tasks share each connection: their commands are written in batches and their replies
/// matched in order. A dropped connection fails its in-flight calls at once with
/// ``RedisError/connectionLost(_:)`` and is re-established with backoff by ``run()``; while no
/// connection is up, calls fail fast with ``RedisError/notConnected(_:)``.
///
/// With ``RedisClientConfiguration/clusterSeeds`` the client speaks to a Redis Cluster instead:
/// one pipelined connection per primary, each call routed by its keys' hash slot (see
/// `RedisClusterRouter`); callers see the same interface.
///
/// ```swift
/// let client = RedisClient(configuration: .init(endpoint: try RedisEndpoint(url: "redis://127.0.0.1:6379")))
/// try await client.connect()
/// // run() keeps the connections up; as a Service, a ServiceGroup runs it.
/// let reply = try await client.send(["GET", "key"])
/// ```
public final class RedisClient: Service, Sendable {
    /// How the client connects and behaves.
    public let configuration: RedisClientConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let slots: [NIOLockedValueBox<RedisConnection?>]
    private let nextSlot = Atomic<Int>(0)
    private let status = NIOLockedValueBox(Status())
    private let metrics: RedisCallMetrics?
    private let cluster: RedisClusterRouter?

    private struct Status {
        var lastError: String = "not connected yet"
        var isShutdown = false
    }

    /// Creates a client; no connection is made until ``connect()`` or ``run()``.
    /// - Parameters:
    ///   - configuration: the server and the client's limits.
    ///   - eventLoopGroup: where the connections live.
    ///   - logger: for connection events.
    ///   - metricsFactory: where call latencies are recorded (`floodgate_redis_call_duration_seconds`; on a
    ///     cluster also `floodgate_redis_node_call_duration_seconds{node}` and
    ///     `floodgate_redis_cluster_detours_total{kind}`); nil for none.
    public init(
        configuration: RedisClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "floodgate.redis"),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.slots = (0..<max(1, configuration.connectionCount)).map { _ in NIOLockedValueBox(nil) }
        let metrics = metricsFactory.map(RedisCallMetrics.init(factory:))
        self.metrics = metrics
        self.cluster = configuration.clusterSeeds.isEmpty
            ? nil : RedisClusterRouter(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger, metrics: metrics)
    }

    /// Whether the client speaks to a Redis Cluster.
    public var isCluster: Bool { cluster != nil }

    /// Opens every connection of the pool.
    /// - Throws: ``RedisError`` when the server cannot be reached or refuses AUTH or SELECT.
    public func connect() async throws {
        if let cluster { return try await cluster.connect() }
        for slot in slots where slot.withLockedValue({ $0?.isOpen }) != true {
            let connection = try await openConnection()
            slot.withLockedValue { $0 = connection }
        }
    }

    /// Keeps the connections up, reconnecting with backoff, until graceful shutdown or
    /// cancellation; then closes them.
    public func run() async throws {
        if let cluster {
            await cancelWhenGracefulShutdown { await cluster.run() }
            return shutdown()
        }
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await withThrowingDiscardingTaskGroup { group in
                    for slot in slots {
                        group.addTask { try await self.maintain(slot) }
                    }
                }
            } onCancel: {
                self.shutdown()
            }
        } onGracefulShutdown: {
            self.shutdown()
        }
    }

    /// Closes every connection; waiting and later calls fail with ``RedisError/shutdown``.
    public func shutdown() {
        status.withLockedValue { $0.isShutdown = true }
        cluster?.shutdown()
        for slot in slots {
            slot.withLockedValue { $0 }?.close()
        }
    }

    /// Sends a command (name first) and returns its reply; a Redis error reply is returned as
    /// ``RedisReply/error(_:)``, not thrown.
    /// - Parameters:
    ///   - arguments: the command and its arguments, such as `["SET", "key", "value"]`.
    ///   - timeout: how long to wait for the reply; the configured ``RedisClientConfiguration/commandTimeout`` by default.
    /// - Throws: ``RedisError`` when no reply can be had, `CancellationError` when the task is cancelled.
    public func send(_ arguments: [String], timeout: Duration? = nil) async throws -> RedisReply {
        try await send(arguments, label: arguments.first ?? "", timeout: timeout)
    }

    func send(_ arguments: [String], label: String, timeout: Duration?, script: RedisScript? = nil) async throws -> RedisReply {
        let start = ContinuousClock.now
        let reply: RedisReply
        if let cluster {
            if isShutdown { throw RedisError.shutdown }
            reply = try await cluster.send(arguments, timeout: timeout ?? configuration.commandTimeout, script: script)
        } else {
            reply = try await pickConnection().send(arguments, timeout: timeout ?? configuration.commandTimeout, script: script,
                                                    replicaWait: script?.awaitsReplicas == true ? configuration.replicaWait : nil)
        }
        metrics?.record(label, since: start)
        return reply
    }

    /// Sends a call to every primary of the cluster (to the one server otherwise) and returns their replies.
    func sendToEveryPrimary(_ arguments: [String]) async throws -> [RedisReply] {
        guard let cluster else { return [try await send(arguments)] }
        return try await cluster.sendToEveryPrimary(arguments, timeout: configuration.commandTimeout)
    }

    /// The cluster's primaries, whether each answers PING, and slot coverage; nil for a single server.
    /// - Parameter timeout: how long each primary may take to answer.
    public func clusterStatus(timeout: Duration = .seconds(1)) async -> RedisClusterStatus? {
        await cluster?.status(timeout: timeout)
    }

    /// The primary (`host:port`) that calls for hash slot `slot` go to now; nil for a single
    /// server or a slot that has no primary in the client's map.
    public func primary(ofSlot slot: Int) -> String? {
        guard (0..<HashSlot.count).contains(slot) else { return nil }
        return cluster?.primary(ofSlot: slot)?.description
    }

    /// Whether a connection is up and the server answers PING.
    public func ping() async -> Bool {
        (try? await send(["PING"], timeout: configuration.connectTimeout)) == .simple("PONG")
    }

    /// The calls waiting for replies, over every connection.
    public var pendingCallCount: Int {
        if let cluster { return cluster.pendingCount }
        return slots.reduce(0) { $0 + ($1.withLockedValue { $0 }?.pendingCount ?? 0) }
    }

    private func pickConnection() throws -> RedisConnection {
        let start = nextSlot.wrappingAdd(1, ordering: .relaxed).oldValue
        for offset in 0..<slots.count {
            let index = (start &+ offset) % slots.count
            let slot = slots[index < 0 ? index + slots.count : index]
            if let connection = slot.withLockedValue({ $0 }), connection.isOpen { return connection }
        }
        let state = status.withLockedValue { $0 }
        if state.isShutdown { throw RedisError.shutdown }
        throw RedisError.notConnected(state.lastError)
    }

    private func openConnection() async throws -> RedisConnection {
        do {
            return try await RedisConnection.connect(
                configuration: configuration,
                eventLoop: eventLoopGroup.next(),
                logger: logger
            )
        } catch {
            status.withLockedValue { $0.lastError = "\(error)" }
            throw error
        }
    }

    /// Waits for the slot's connection to close, then reopens it with backoff, until shutdown.
    private func maintain(_ slot: NIOLockedValueBox<RedisConnection?>) async throws {
        var delay = configuration.initialReconnectDelay
        while !isShutdown {
            if let connection = slot.withLockedValue({ $0 }), connection.isOpen {
                try? await connection.closeFuture.get()
                delay = configuration.initialReconnectDelay
                if isShutdown { return }
                logger.warning("redis connection lost; reconnecting", metadata: ["redis": "\(configuration.endpoint.displayName)"])
            }
            do {
                let connection = try await openConnection()
                slot.withLockedValue { $0 = connection }
                if isShutdown { connection.close() }
            } catch {
                logger.debug("redis reconnect failed", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, configuration.maxReconnectDelay)
            }
        }
    }

    private var isShutdown: Bool { status.withLockedValue { $0.isShutdown } }
}
