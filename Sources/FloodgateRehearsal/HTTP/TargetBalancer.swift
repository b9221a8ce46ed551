import NIOCore

/// Spreads requests over the daemons in turn, like a load balancer with passive health checks: a
/// daemon whose connects fail is skipped for a moment while another is up. Each request goes out
/// from its caller's source address (a loopback address: Linux routes all of 127.0.0.0/8 over
/// `lo`), so the daemons see distinct peers as they would on the internet. Per daemon, every
/// source address has a pool of a few keep-alive connections, and all of them share one
/// ``SocketBudget``: the socket count stays bounded however many sources there are.
/// Confined to the load generator's event loop.
final class TargetBalancer {
    /// Keep-alive connections per daemon from one source address, at most (requests without a
    /// source address, as behind a load balancer, share every socket of the budget).
    static let connectionsPerSource = 4
    /// Pools kept per daemon before empty ones are dropped (at the next sweep).
    private static let poolsKept = 4_096

    private let targets: [TargetAddress]
    private let loop: any EventLoop
    private let timeout: TimeAmount
    private let budgets: [SocketBudget]
    private let health: [DaemonHealth]
    /// Per daemon, the pools by source address ("" for the system's choice).
    private var pools: [[String: ConnectionPool]]
    private var next = 0
    private var stopped = false
    /// The longest a dropped pool's waiting line had been.
    private var droppedPeakWaiting = 0

    /// - Parameter connectionsPerTarget: the sockets per daemon over every source address.
    init(targets: [TargetAddress], loop: any EventLoop, connectionsPerTarget: Int, timeout: TimeAmount) throws {
        self.targets = targets
        self.loop = loop
        self.timeout = timeout
        budgets = targets.map { _ in SocketBudget(limit: connectionsPerTarget) }
        health = targets.map { _ in DaemonHealth() }
        pools = targets.map { _ in [:] }
    }

    /// Sends `request` from `source` (a loopback address; nil: the system's choice) to the next
    /// daemon taken for up (or the next one, when none is). A source that cannot be used with
    /// the daemon's address family (an IPv6 target) is ignored.
    func submit(_ request: LoadRequest, from source: String? = nil) {
        guard !stopped else { return request.completion(.failed(.stopped)) }
        let now = NIODeadline.now()
        let start = next
        next = (next + 1) % targets.count
        var chosen = start
        for offset in 0..<targets.count where health[(start + offset) % targets.count].isUp(at: now) {
            chosen = (start + offset) % targets.count
            break
        }
        do {
            try pool(chosen, source: targets[chosen].host.contains(":") ? nil : source).submit(request)
        } catch {
            request.completion(.failed(.connectFailed))
        }
    }

    /// Requests not answered yet, over every pool.
    var outstanding: Int { pools.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.outstanding } } }

    /// The longest a pool's waiting line has been.
    var peakWaiting: Int { max(droppedPeakWaiting, pools.flatMap(\.values).map(\.peakWaiting).max() ?? 0) }

    /// Times out overdue requests in every pool; drops empty pools when there are many.
    func sweep(now: NIODeadline) {
        for daemon in pools.indices {
            for pool in pools[daemon].values { pool.sweep(now: now) }
            if pools[daemon].count > Self.poolsKept {
                for (source, pool) in pools[daemon] where pool.isEmpty {
                    droppedPeakWaiting = max(droppedPeakWaiting, pool.peakWaiting)
                    pools[daemon][source] = nil
                }
            }
        }
    }

    /// Stops every pool.
    func stop() {
        stopped = true
        for daemon in pools { for pool in daemon.values { pool.stop() } }
    }

    private func pool(_ daemon: Int, source: String?) throws -> ConnectionPool {
        if let pool = pools[daemon][source ?? ""] { return pool }
        let pool = try ConnectionPool(daemon: daemon, target: targets[daemon], source: source, loop: loop,
                                      maxConnections: source == nil ? budgets[daemon].limit : min(Self.connectionsPerSource, budgets[daemon].limit),
                                      timeout: timeout,
                                      budget: budgets[daemon], health: health[daemon])
        pools[daemon][source ?? ""] = pool
        return pool
    }
}
