import Logging
import NIOConcurrencyHelpers
import NIOCore

/// One pipelined connection per cluster node, opened on first use and again after it drops.
/// Callers that ask for a node while its connection is being opened wait for that one attempt.
final class ClusterConnections: Sendable {
    private enum Entry {
        case open(RedisConnection)
        case opening(Task<RedisConnection, any Error>)
    }

    private enum Lookup {
        case ready(RedisConnection)
        case wait(Task<RedisConnection, any Error>)
    }

    private let configuration: RedisClientConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = NIOLockedValueBox<(entries: [ClusterNodeAddress: Entry], isShutdown: Bool)>(([:], false))

    init(configuration: RedisClientConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// The open connection to `node`, opening one when there is none.
    /// - Throws: ``RedisError/notConnected(_:)`` when the node cannot be reached (nothing was sent),
    ///   ``RedisError/shutdown`` after ``shutdown()``.
    func connection(to node: ClusterNodeAddress) async throws -> RedisConnection {
        let task: Task<RedisConnection, any Error>
        switch try lookup(node) {
        case .ready(let connection): return connection
        case .wait(let opening): task = opening
        }
        do {
            let connection = try await task.value
            let keep = state.withLockedValue { state in
                guard !state.isShutdown else { return false }
                if case .opening(let current) = state.entries[node], current == task { state.entries[node] = .open(connection) }
                return true
            }
            if !keep { connection.close() }
            return connection
        } catch {
            state.withLockedValue { state in
                if case .opening(let current) = state.entries[node], current == task { state.entries[node] = nil }
            }
            if let error = error as? RedisError, case .handshakeFailed = error { throw error }
            throw RedisError.notConnected("cannot reach cluster node \(node): \(error)")
        }
    }

    /// The calls waiting for replies, over every node.
    var pendingCount: Int {
        state.withLockedValue { state in
            state.entries.values.reduce(0) { sum, entry in
                if case .open(let connection) = entry { return sum + connection.pendingCount }
                return sum
            }
        }
    }

    /// Closes every connection; later calls fail with ``RedisError/shutdown``.
    func shutdown() {
        let entries = state.withLockedValue { state in
            state.isShutdown = true
            defer { state.entries = [:] }
            return Array(state.entries.values)
        }
        for entry in entries {
            switch entry {
            case .open(let connection): connection.close()
            case .opening(let task): task.cancel()
            }
        }
    }

    private func lookup(_ node: ClusterNodeAddress) throws(RedisError) -> Lookup {
        let lookup: Lookup? = state.withLockedValue { state in
            guard !state.isShutdown else { return nil }
            switch state.entries[node] {
            case .open(let connection) where connection.isOpen:
                return .ready(connection)
            case .opening(let task):
                return .wait(task)
            case .open, nil:
                let task = Task { [configuration, eventLoopGroup, logger] in
                    try await RedisConnection.connect(
                        configuration: Self.configuration(configuration, for: node),
                        eventLoop: eventLoopGroup.next(),
                        logger: logger
                    )
                }
                state.entries[node] = .opening(task)
                return .wait(task)
            }
        }
        guard let lookup else { throw .shutdown }
        return lookup
    }

    /// The configuration of one node: its address, with the seeds' user and password.
    private static func configuration(_ base: RedisClientConfiguration, for node: ClusterNodeAddress) -> RedisClientConfiguration {
        var configuration = base
        configuration.endpoint = RedisEndpoint(
            address: .tcp(host: node.host, port: node.port),
            username: base.endpoint.username,
            password: base.endpoint.password
        )
        return configuration
    }
}
