import FloodgateHTTPClient
import NIOCore
import NIOHTTP1

/// One keep-alive connection of a ``ConnectionPool``, on the shared ``HTTPClientHandler``: sends
/// one request at a time and hands the complete response back to the pool. Lives on the load
/// generator's event loop.
final class PooledConnection: HTTPClientReceiver {
    /// The pool it belongs to.
    let pool: ConnectionPool
    /// Its mark in the ``SocketBudget``'s idle line while idle, 0 otherwise.
    var idleMark = 0
    /// The connection's handler; nil until installed in its channel.
    var handler: HTTPClientHandler?
    /// The request waiting for its answer, if any.
    private(set) var inFlight: LoadRequest?
    /// When the request in flight was written.
    private(set) var sentAt = NIODeadline.uptimeNanoseconds(0)
    private var closeReason = TransportFailure.connectionLost

    init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Writes a request; the connection must be idle and open.
    func send(_ request: LoadRequest) {
        inFlight = request
        sentAt = .now()
        guard handler?.send(request.call) == true else {
            inFlight = nil
            return request.completion(.failed(.connectionLost))
        }
    }

    /// Closes the connection; a request in flight fails with `reason`.
    func close(_ reason: TransportFailure) {
        closeReason = reason
        handler?.close()
    }

    func received(_ reply: HTTPReply) {
        guard let request = inFlight else { return }
        inFlight = nil
        let response = LoadResponse(status: reply.status, body: reply.body, sentAt: sentAt, daemon: pool.daemon)
        pool.connection(self, answered: request, with: response, keepAlive: reply.head.isKeepAlive)
    }

    func connectionClosed() {
        let request = inFlight
        inFlight = nil
        handler = nil
        pool.connectionClosed(self, inFlight: request, reason: closeReason)
    }
}
