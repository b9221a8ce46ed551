/// The sockets of one daemon's connection pools (a pool per source address), at most `limit`
/// open or opening. A pool that needs one when all are taken closes the least recently idle
/// connection of any pool (or waits for the next one to go idle): a socket closed this way is
/// given back at once. Confined to the load generator's event loop; every call is O(1) amortized.
final class SocketBudget {
    /// Sockets at most, open or opening.
    let limit: Int
    private var used = 0
    /// Connections in the order they went idle; an entry whose mark is not the connection's
    /// current one is stale (it was used or closed since).
    private var idle: [(connection: PooledConnection, mark: Int)] = []
    private var idleStart = 0
    private var nextMark = 0
    private var starving: [ConnectionPool] = []
    private var starvingStart = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes a socket for `pool` when one is free; else closes the least recently idle
    /// connection and queues the pool until a socket is released.
    /// - Returns: whether the pool may open a connection now.
    func acquire(for pool: ConnectionPool) -> Bool {
        if used < limit {
            used += 1
            return true
        }
        if !pool.isStarving {
            pool.isStarving = true
            starving.append(pool)
        }
        reclaimIdle()
        return false
    }

    /// A socket closed or failed to open: the pools waiting for one may open one.
    func release() {
        used -= 1
        while used < limit, starvingStart < starving.count {
            let pool = starving[starvingStart]
            starvingStart += 1
            pool.isStarving = false
            pool.openIfNeeded()
        }
        if starvingStart == starving.count { (starving, starvingStart) = ([], 0) }
    }

    /// `connection` went idle now; it is closed at once when a pool waits for a socket.
    func idled(_ connection: PooledConnection) {
        if starvingStart < starving.count, connection.pool.closeIdle(connection) { return }
        nextMark += 1
        connection.idleMark = nextMark
        idle.append((connection, nextMark))
        if idle.count - idleStart > 4 * limit + 64 {
            idle = idle[idleStart...].filter { $0.connection.idleMark == $0.mark }
            idleStart = 0
        }
    }

    private func reclaimIdle() {
        while idleStart < idle.count {
            let entry = idle[idleStart]
            idleStart += 1
            if entry.connection.idleMark == entry.mark, entry.connection.pool.closeIdle(entry.connection) { break }
        }
        if idleStart == idle.count { (idle, idleStart) = ([], 0) }
    }
}
