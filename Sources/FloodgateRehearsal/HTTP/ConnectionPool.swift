import NIOCore
import NIOHTTP1
import NIOPosix

/// Keep-alive connections to one daemon, at most `maxConnections`, and the requests waiting for
/// one of them. Every request gets an answer or a ``TransportFailure``: lost connections, failed
/// connects, timeouts (checked by ``sweep(now:)``) and ``stop()`` all complete it.
/// Confined to the load generator's event loop.
final class ConnectionPool {
    /// The daemon's index among the targets.
    let daemon: Int
    /// The `Host` header.
    let hostHeader: String
    private let address: SocketAddress
    private let loop: any EventLoop
    private let maxConnections: Int
    private let timeout: TimeAmount
    private var open: [ObjectIdentifier: HTTPConnection] = [:]
    private var idle: [HTTPConnection] = []
    private var connecting = 0
    private var waiting = CircularBuffer<LoadRequest>()
    private var stopped = false
    /// Until when the daemon is taken for down (a connect failed), so others get the traffic.
    private(set) var downUntil = NIODeadline.uptimeNanoseconds(0)
    /// The longest the waiting line has been.
    private(set) var peakWaiting = 0

    init(daemon: Int, target: TargetAddress, loop: any EventLoop, maxConnections: Int, timeout: TimeAmount) throws {
        self.daemon = daemon
        self.hostHeader = target.hostHeader
        self.address = try target.socketAddress()
        self.loop = loop
        self.maxConnections = maxConnections
        self.timeout = timeout
    }

    /// Requests written and not answered yet, plus those waiting for a connection.
    var outstanding: Int { waiting.count + open.values.reduce(0) { $0 + ($1.inFlight == nil ? 0 : 1) } }

    /// Whether the daemon is taken for up at `now`.
    func isUp(at now: NIODeadline) -> Bool { now >= downUntil }

    /// Sends `request` on an idle connection, or queues it (opening a connection if allowed).
    func submit(_ request: LoadRequest) {
        guard !stopped else { return request.completion(.failed(.stopped)) }
        if let connection = idle.popLast() {
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
    func connection(_ connection: HTTPConnection, answered request: LoadRequest, with response: LoadResponse, keepAlive: Bool) {
        if keepAlive { release(connection) } else { connection.close(.connectionLost) }
        request.completion(.answered(response))
    }

    /// A connection closed; its request in flight, if any, fails.
    func connectionClosed(_ connection: HTTPConnection, inFlight: LoadRequest?, reason: TransportFailure) {
        open[ObjectIdentifier(connection)] = nil
        idle.removeAll { $0 === connection }
        inFlight?.completion(.failed(reason))
        openIfNeeded()
    }

    private func openIfNeeded() {
        guard !stopped, connecting < waiting.count, open.count + connecting < maxConnections else { return }
        connecting += 1
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(2))
            .connect(to: address)
            .assumeIsolated()
            .whenComplete { result in self.connected(result) }
    }

    private func connected(_ result: Result<any Channel, any Error>) {
        connecting -= 1
        switch result {
        case .success(let channel):
            let connection = HTTPConnection(pool: self)
            do {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                try channel.pipeline.syncOperations.addHandler(connection)
            } catch {
                channel.close(promise: nil)
                return
            }
            open[ObjectIdentifier(connection)] = connection
            release(connection)
        case .failure:
            downUntil = .now() + .milliseconds(500)
            guard open.isEmpty, connecting == 0 else { return }
            while let request = waiting.popFirst() { request.completion(.failed(.connectFailed)) }
        }
    }

    private func release(_ connection: HTTPConnection) {
        if stopped {
            connection.close(.stopped)
        } else if let next = waiting.popFirst() {
            connection.send(next)
        } else {
            idle.append(connection)
        }
    }
}
