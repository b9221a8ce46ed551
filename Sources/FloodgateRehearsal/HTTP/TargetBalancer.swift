import NIOCore

/// Spreads requests over the daemons' pools in turn, like a load balancer with passive health
/// checks: a daemon whose connects fail is skipped for a moment while another is up.
/// Confined to the load generator's event loop.
final class TargetBalancer {
    /// One pool per daemon, in target order.
    let pools: [ConnectionPool]
    private var next = 0

    init(targets: [TargetAddress], loop: any EventLoop, connectionsPerTarget: Int, timeout: TimeAmount) throws {
        pools = try targets.enumerated().map { index, target in
            try ConnectionPool(daemon: index, target: target, loop: loop, maxConnections: connectionsPerTarget, timeout: timeout)
        }
    }

    /// Sends `request` to the next daemon taken for up (or the next one, when none is).
    func submit(_ request: LoadRequest) {
        let now = NIODeadline.now()
        let start = next
        next = (next + 1) % pools.count
        for offset in 0..<pools.count {
            let index = (start + offset) % pools.count
            if pools[index].isUp(at: now) {
                return pools[index].submit(request)
            }
        }
        pools[start].submit(request)
    }

    /// Requests not answered yet, over every pool.
    var outstanding: Int { pools.reduce(0) { $0 + $1.outstanding } }

    /// The longest a pool's waiting line has been.
    var peakWaiting: Int { pools.map(\.peakWaiting).max() ?? 0 }

    /// Times out overdue requests in every pool.
    func sweep(now: NIODeadline) {
        for pool in pools { pool.sweep(now: now) }
    }

    /// Stops every pool.
    func stop() {
        for pool in pools { pool.stop() }
    }
}
