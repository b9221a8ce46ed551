import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Routes calls over a Redis Cluster: each call goes to the primary of its keys' slot, through
/// that primary's pipelined connection, following MOVED and ASK and retrying a busy cluster,
/// within the call's timeout.
///
/// - `MOVED` updates the slot's owner at once and schedules a full topology refresh.
/// - `ASK` sends `ASKING` with the call on the named node, without touching the slot map.
/// - `TRYAGAIN`, `CLUSTERDOWN`, `MASTERDOWN`, `LOADING` and a node that cannot be reached (nothing
///   was sent) are retried with a doubling pause; a call lost in flight is not (it may have run).
/// - `NOSCRIPT` from a node (one that never saw the script, a freshly promoted replica) loads the
///   script there and retries once.
final class RedisClusterRouter: Sendable {
    private let configuration: RedisClientConfiguration
    private let logger: Logger
    private let connections: ClusterConnections
    private let topology = NIOLockedValueBox(ClusterTopology())
    private let refreshing = NIOLockedValueBox((running: false, again: false))
    private let detours = NIOLockedValueBox(RedisClusterStatus.Detours())

    private let metrics: RedisCallMetrics?

    init(configuration: RedisClientConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger, metrics: RedisCallMetrics?) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.connections = ClusterConnections(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// Reads the topology from the seeds and opens a connection to every primary.
    /// - Throws: ``RedisError/clusterUnavailable(_:)`` when no seed answers `CLUSTER SLOTS` (none
    ///   reachable, or not in cluster mode), ``RedisError/notConnected(_:)`` when a primary cannot be reached.
    func connect() async throws {
        try await refresh()
        for primary in topology.withLockedValue({ $0.primaries }) {
            _ = try await connections.connection(to: primary)
        }
    }

    /// Refreshes the topology every ``RedisClientConfiguration/clusterRefreshInterval`` until cancelled.
    func run() async {
        while (try? await Task.sleep(for: configuration.clusterRefreshInterval)) != nil {
            scheduleRefresh()
        }
    }

    /// Closes every connection.
    func shutdown() {
        connections.shutdown()
    }

    /// The calls waiting for replies, over every node.
    var pendingCount: Int { connections.pendingCount }

    /// Sends a call to the primary of its keys' slot (any primary for a keyless call).
    /// - Parameter script: the script an EVALSHA runs, loaded on a node that answers NOSCRIPT.
    /// - Throws: ``RedisError/crossSlot(_:)`` before sending anything when the keys do not share a
    ///   slot; ``RedisError/clusterUnavailable(_:)`` when redirections and retries are used up;
    ///   ``RedisError/timeout(milliseconds:)`` when the time is.
    func send(_ arguments: [String], timeout: Duration, script: RedisScript? = nil) async throws -> RedisReply {
        let slot = try CommandKeys.slot(of: arguments)
        if let name = arguments.first?.uppercased(), CommandKeys.transactional.contains(name) {
            throw RedisError.clusterUnavailable("\(name): transactions need one connection, which a cluster client does not promise; use a script")
        }
        let deadline = ContinuousClock.now + timeout
        var redirect: (node: ClusterNodeAddress, asking: Bool)?
        var pause = configuration.clusterRetryDelay
        var problem = "the slot has no primary"
        for _ in 0..<max(1, configuration.clusterMaxAttempts) {
            guard let node = redirect?.node ?? owner(of: slot) else {
                scheduleRefresh()
                try await wait(&pause, until: deadline, timeout: timeout)
                continue
            }
            let reply: RedisReply
            do {
                reply = try await call(arguments, on: node, asking: redirect?.asking ?? false, until: deadline, timeout: timeout, script: script)
            } catch RedisError.notConnected(let why) {
                noteDetour(\.retried, "retry")
                problem = why
                redirect = nil
                scheduleRefresh()
                try await wait(&pause, until: deadline, timeout: timeout)
                continue
            }
            switch ClusterReply(reply) {
            case .moved(let movedSlot, let target):
                topology.withLockedValue { $0.move(slot: movedSlot, to: target) }
                noteDetour(\.moved, "moved")
                scheduleRefresh()
                problem = "MOVED to \(target)"
                redirect = (target, false)
            case .ask(let target):
                noteDetour(\.asked, "ask")
                problem = "ASK to \(target)"
                redirect = (target, true)
            case .busy(let message):
                noteDetour(\.retried, "retry")
                problem = message
                redirect = nil
                if !message.hasPrefix("TRYAGAIN") { scheduleRefresh() }
                try await wait(&pause, until: deadline, timeout: timeout)
            case .noScript, .answer:
                return reply
            }
        }
        throw RedisError.clusterUnavailable("\(arguments.first ?? "") gave up after \(configuration.clusterMaxAttempts) attempts: \(problem)")
    }

    /// Sends a call to every primary, in slot order, for `SCRIPT LOAD` and `SCRIPT EXISTS`.
    func sendToEveryPrimary(_ arguments: [String], timeout: Duration) async throws -> [RedisReply] {
        var replies: [RedisReply] = []
        for primary in topology.withLockedValue({ $0.primaries }) {
            let connection = try await connections.connection(to: primary)
            replies.append(try await connection.send(arguments, timeout: timeout))
        }
        return replies
    }

    /// The primaries, whether each answers PING within `timeout` and how fast, and slot coverage.
    func status(timeout: Duration) async -> RedisClusterStatus {
        let (primaries, covered, replicas) = topology.withLockedValue { ($0.primaries, $0.coveredSlots, $0.replicas) }
        var nodes: [RedisClusterStatus.Node] = []
        for primary in primaries {
            let start = ContinuousClock.now
            let pong = try? await connections.connection(to: primary).send(["PING"], timeout: timeout)
            nodes.append(RedisClusterStatus.Node(
                address: primary.description,
                replicas: (replicas[primary] ?? []).map(\.description).sorted(),
                answers: pong == .simple("PONG"),
                latency: pong == nil ? nil : ContinuousClock.now - start
            ))
        }
        return RedisClusterStatus(primaries: nodes, coveredSlots: covered, detours: detours.withLockedValue { $0 })
    }

    /// The primary the client routes `slot` to now.
    func primary(ofSlot slot: Int) -> ClusterNodeAddress? {
        topology.withLockedValue { $0.owners[slot] }
    }

    private func owner(of slot: Int?) -> ClusterNodeAddress? {
        topology.withLockedValue { topology in
            guard let slot else { return topology.primaries.randomElement() }
            return topology.owners[slot]
        }
    }

    /// One attempt on one node (see ``RedisConnection/send(_:timeout:asking:script:replicaWait:)``).
    private func call(
        _ arguments: [String], on node: ClusterNodeAddress, asking: Bool,
        until deadline: ContinuousClock.Instant, timeout: Duration, script: RedisScript?
    ) async throws -> RedisReply {
        let connection = try await connections.connection(to: node)
        let start = ContinuousClock.now
        let reply = try await connection.send(arguments, timeout: try remaining(until: deadline, timeout: timeout), asking: asking, script: script,
                                              replicaWait: script?.awaitsReplicas == true ? configuration.replicaWait : nil)
        metrics?.record(node: node.description, since: start)
        return reply
    }

    /// Counts a redirection or retry in the status and the metrics.
    private func noteDetour(_ field: WritableKeyPath<RedisClusterStatus.Detours, Int>, _ kind: String) {
        detours.withLockedValue { $0[keyPath: field] += 1 }
        metrics?.countDetour(kind)
    }

    private func remaining(until deadline: ContinuousClock.Instant, timeout: Duration) throws(RedisError) -> Duration {
        let left = deadline - .now
        guard left > .zero else { throw .timeout(milliseconds: Int64(timeout / .milliseconds(1))) }
        return left
    }

    /// Sleeps `pause` (less when the deadline is nearer), then doubles it up to 500 ms.
    private func wait(_ pause: inout Duration, until deadline: ContinuousClock.Instant, timeout: Duration) async throws {
        try await Task.sleep(for: min(pause, try remaining(until: deadline, timeout: timeout)))
        pause = min(pause * 2, .milliseconds(500))
    }
}

extension RedisClusterRouter {
    /// Reads the topology again soon, once, however many calls ask for it meanwhile.
    func scheduleRefresh() {
        let start = refreshing.withLockedValue { state in
            if state.running { state.again = true }
            defer { state.running = true }
            return !state.running
        }
        guard start else { return }
        Task {
            repeat {
                try? await Task.sleep(for: .milliseconds(20))  // let a burst of redirections coalesce
                do {
                    try await refresh()
                } catch {
                    logger.warning("redis cluster topology refresh failed", metadata: ["error": "\(error)"])
                }
            } while refreshing.withLockedValue({ state in
                defer { (state.running, state.again) = (state.again, false) }
                return state.again
            })
        }
    }

    /// Reads `CLUSTER SLOTS` from the first node that answers: known primaries, their replicas, then the seeds.
    func refresh() async throws {
        let known = topology.withLockedValue { topology in topology.primaries + topology.replicas.values.flatMap { $0 } }
        let seeds = configuration.clusterSeeds.compactMap { seed -> ClusterNodeAddress? in
            if case .tcp(let host, let port) = seed.address { return ClusterNodeAddress(host: host, port: port) }
            return nil
        }
        var failures: [String] = []
        var tried: Set<ClusterNodeAddress> = []
        for node in known + seeds where tried.insert(node).inserted {
            do {
                let connection = try await connections.connection(to: node)
                let reply = try await connection.send(["CLUSTER", "SLOTS"], timeout: configuration.connectTimeout)
                if let message = reply.errorMessage { throw RedisError.unexpectedReply("not a cluster node: \(message)") }
                let fresh = try ClusterTopology(clusterSlots: reply, announcedBy: node)
                guard fresh.coveredSlots > 0 else { throw RedisError.unexpectedReply("it serves no slots yet") }
                topology.withLockedValue { $0 = fresh }
                return
            } catch let error as RedisError where error == .shutdown {
                throw error
            } catch {
                failures.append("\(node): \(error)")
            }
        }
        throw RedisError.clusterUnavailable("no node answered CLUSTER SLOTS (\(failures.joined(separator: "; ")))")
    }
}
