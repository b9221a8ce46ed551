/// Why a Redis call failed. Every failure is answered: a call never hangs.
public enum RedisError: Error, Sendable, Hashable {
    /// No connection to the server is up at the moment (it is being re-established).
    case notConnected(String)
    /// The connection dropped while the call was in flight; the call may or may not have run.
    case connectionLost(String)
    /// The call got no reply within its timeout; it may still run on the server.
    case timeout(milliseconds: Int64)
    /// Too many calls are waiting on every connection; try again later.
    case overloaded(pending: Int)
    /// The server refused the connection's AUTH or SELECT.
    case handshakeFailed(String)
    /// The bytes from the server were not valid RESP.
    case protocolError(String)
    /// A reply of an unexpected shape, or a Redis error reply where a value was needed.
    case unexpectedReply(String)
    /// The client was shut down.
    case shutdown
    /// Fewer replicas than wanted confirmed a script's writes in time (`WAIT`); the primary has them.
    case notReplicated(acknowledged: Int, wanted: Int)
    /// The keys of one call hash to different cluster slots; nothing was sent.
    case crossSlot(String)
    /// The cluster could not serve the call: no topology, slots not covered, or redirections and
    /// retries used up.
    case clusterUnavailable(String)
}

extension RedisError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notConnected(let why): "Redis is not connected: \(why)"
        case .connectionLost(let why): "the Redis connection was lost during the call: \(why)"
        case .timeout(let ms): "Redis did not answer within \(ms) ms"
        case .overloaded(let pending): "too many Redis calls in flight (\(pending) waiting on every connection)"
        case .handshakeFailed(let why): "Redis refused the connection: \(why)"
        case .protocolError(let why): "Redis protocol error: \(why)"
        case .unexpectedReply(let why): "unexpected Redis reply: \(why)"
        case .shutdown: "the Redis client is shut down"
        case .notReplicated(let acknowledged, let wanted):
            "only \(acknowledged) of \(wanted) Redis replicas confirmed the write in time (the primary has it)"
        case .crossSlot(let why): "keys in different Redis Cluster slots: \(why)"
        case .clusterUnavailable(let why): "the Redis Cluster cannot serve the call: \(why)"
        }
    }
}
