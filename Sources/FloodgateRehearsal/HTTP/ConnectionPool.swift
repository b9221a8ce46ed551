import FloodgateHTTPClient
import NIOCore
import NIOPosix

/// Keep-alive connections to one daemon from one source address, at most `maxConnections` (and
/// within the daemon's ``SocketBudget``), and the requests waiting for one of them. Every request
/// gets an answer or a ``TransportFailure``: lost connections, failed connects, timeouts (checked
/// by ``sweep(now:)``) and ``stop()`` all complete it. Confined to the load generator's event loop.
final class ConnectionPool {
    /// The daemon's index among the targets.
    let daemon: Int
    /// The `Host` header.
    let hostHeader: String
    private let address: SocketAddress
    /// The local address the sockets are bound to, so that the daemon sees it as their peer; nil: the system's choice.
    private let local: SocketAddress?
    private let loop: any EventLoop
    private let maxConnections: Int
    private let timeout: TimeAmount
    private let budget: SocketBudget
    private let health: DaemonHealth
    /// Whether the pool waits in its budget's line for a socket.
    var isStarving = false
    private var open: [ObjectIdentifier: PooledConnection] = [:]
    private var idle: [PooledConnection] = []
    private var connecting = 0
    private var waiting = CircularBuffer<LoadRequest>()
    private var stopped = false
    /// The longest the waiting line has been.
    private(set) var peakWaiting = 0

    /// - Parameters:
    ///   - source: the loopback address to send from (nil: the system's choice).
    ///   - budget: the daemon's sockets, shared by its pools.
    ///   - health: the daemon's health, shared by its pools.
    init(daemon: Int, target: TargetAddress, source: String?, loop: any EventLoop, maxConnections: Int, timeout: TimeAmount,
         budget: SocketBudget, health: DaemonHealth) throws {
        self.daemon = daemon
        self.hostHeader = target.hostHeader
        self.address = try target.socketAddress()
        self.local = try source.map { try SocketAddress(ipAddress: $0, port: 0) }
        self.loop = loop
        self.maxConnections = maxConnections
        self.timeout = timeout
        self.budget = budget
        self.health = health
    }

    /// Requests written and not answered yet, plus those waiting for a connection.
    var outstanding: Int { waiting.count + open.values.reduce(0) { $0 + ($1.inFlight == nil ? 0 : 1) } }

    /// Whether the pool holds no connection and no request.
    var isEmpty: Bool { open.isEmpty && connecting == 0 && waiting.isEmpty && !isStarving }

    /// Sends `request` on an idle connection, or queues it (opening a connection if allowed).
    func submit(_ request: LoadRequest) {
        guard !stopped else { return request.completion(.failed(.stopped)) }
        if let connection = idle.popLast() {
            connection.idleMark = 0
            connection.send(request)
            return
        }
        waiting.append(request)
        peakWaiting = max(peakWaiting, waiting.count)
        openIfNeeded()
    }

    /// Fails requests that waited or ran longer than the timeout.
    func sweep(now: NIODeadline) {
        while let first = waiting.first, first.issuedAt + timeout < now {
            waiting.removeFirst().completion(.failed(.timedOut))
        }
        for connection in open.values where connection.inFlight != nil && connection.sentAt + timeout < now {
            connection.close(.timedOut)
        }
    }

    /// Fails every waiting request and closes every connection.
    func stop() {
        stopped = true
        while let request = waiting.popFirst() { request.completion(.failed(.stopped)) }
        for connection in open.values { connection.close(.stopped) }
    }

    /// A connection's answer: the connection takes the next waiting request (or idles), then the
    /// answer's owner hears of it.
    /// (A connection without keep-alive closes itself.)
    func connection(_ connection: PooledConnection, answered request: LoadRequest, with response: LoadResponse, keepAlive: Bool) {
        if keepAlive { release(connection) }
        request.completion(.answered(response))
    }

    /// A connection closed; its request in flight, if any, fails.
    func connectionClosed(_ connection: PooledConnection, inFlight: LoadRequest?, reason: TransportFailure) {
        connection.idleMark = 0
        idle.removeAll { $0 === connection }
        inFlight?.completion(.failed(reason))
        // A connection closed to free its socket was given back already.
        if open.removeValue(forKey: ObjectIdentifier(connection)) != nil { budget.release() }
        openIfNeeded()
    }

    /// Closes `connection` if it is one of this pool's idle ones, to free its socket for another pool.
    /// - Returns: whether it was idle here.
    func closeIdle(_ connection: PooledConnection) -> Bool {
        guard let index = idle.firstIndex(where: { $0 === connection }) else { return false }
        idle.remove(at: index)
        connection.idleMark = 0
        open[ObjectIdentifier(connection)] = nil
        connection.close(.stopped)
        budget.release()
        return true
    }

    /// Opens a connection when requests wait for one, the pool may hold another and the budget has a socket.
    func openIfNeeded() {
        guard !stopped, connecting < waiting.count, open.count + connecting < maxConnections, budget.acquire(for: self) else { return }
        connecting += 1
        HTTPClient.bootstrap(group: loop, source: local, connectTimeout: .seconds(2))
            .connect(to: address)
            .assumeIsolated()
            .whenComplete { result in self.connected(result) }
    }

    private func connected(_ result: Result<any Channel, any Error>) {
        connecting -= 1
        switch result {
        case .success(let channel):
            let connection = PooledConnection(pool: self)
            do {
                connection.handler = try HTTPClientHandler.install(on: channel, hostHeader: hostHeader, receiver: connection)
            } catch {
                channel.close(promise: nil)
                budget.release()
                return
            }
            open[ObjectIdentifier(connection)] = connection
            if channel.isActive { release(connection) } else { connection.close(.connectionLost) }
        case .failure:
            budget.release()
            health.downUntil = .now() + .milliseconds(500)
            guard open.isEmpty, connecting == 0 else { return }
            while let request = waiting.popFirst() { request.completion(.failed(.connectFailed)) }
        }
    }

    private func release(_ connection: PooledConnection) {
        if stopped {
            connection.close(.stopped)
        } else if let next = waiting.popFirst() {
            connection.send(next)
        } else {
            idle.append(connection)
            budget.idled(connection)
        }
    }
}

/// Whether a daemon is taken for up, shared by its pools: a failed connect takes it for down a
/// moment, so that others get the traffic. Confined to the load generator's event loop.
final class DaemonHealth {
    /// Until when the daemon is taken for down.
    var downUntil = NIODeadline.uptimeNanoseconds(0)

    /// Whether the daemon is taken for up at `now`.
    func isUp(at now: NIODeadline) -> Bool { now >= downUntil }
}
