import Crypto

/// A Lua script run with EVALSHA. Its SHA-1 is computed locally, so calls need no round trip
/// to learn it.
public struct RedisScript: Sendable, Hashable {
    /// A short name for metrics and logs, such as `reserve`.
    public let name: String
    /// The Lua source.
    public let source: String
    /// The lowercase hex SHA-1 of the source, as Redis names the script.
    public let sha1: String
    /// Whether its writes must reach replicas before the call answers, when the client is
    /// configured to wait for them (``RedisClientConfiguration/replicaWait``): scripts that move
    /// money or stock.
    public let awaitsReplicas: Bool

    /// Creates a script from its source.
    public init(name: String, source: String, awaitsReplicas: Bool = false) {
        self.name = name
        self.source = source
        self.awaitsReplicas = awaitsReplicas
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension RedisClient {
    /// Runs a script with EVALSHA; when the server has lost it (NOSCRIPT, after a restart or a
    /// `SCRIPT FLUSH`) the script is loaded again and the call retried once. In a cluster this
    /// happens on the node that answered NOSCRIPT (a new node, a freshly promoted replica).
    /// - Returns: the script's reply (a Lua error comes back as ``RedisReply/error(_:)``).
    ///
    /// A script that ``RedisScript/awaitsReplicas`` is followed by `WAIT` on the same connection
    /// when ``RedisClientConfiguration/replicaWait`` is set.
    /// - Throws: ``RedisError/notReplicated(acknowledged:wanted:)`` when too few replicas confirmed
    ///   its writes in time (the writes are made on the primary all the same).
    public func evalsha(_ script: RedisScript, keys: [String], arguments: [String], timeout: Duration? = nil) async throws -> RedisReply {
        let command = ["EVALSHA", script.sha1, String(keys.count)] + keys + arguments
        return try await send(command, label: script.name, timeout: timeout, script: script)
    }

    /// Loads scripts into the server's script cache (every primary's, in a cluster).
    /// - Throws: ``RedisError/unexpectedReply(_:)`` when the server rejects a script (a Lua syntax error).
    public func load(_ scripts: [RedisScript]) async throws {
        for script in scripts {
            for reply in try await sendToEveryPrimary(["SCRIPT", "LOAD", script.source]) where reply.string != script.sha1 {
                throw RedisError.unexpectedReply("SCRIPT LOAD \(script.name): \(reply)")
            }
        }
    }

    /// Whether the server (every primary, in a cluster) holds every one of `scripts` in its cache.
    public func areLoaded(_ scripts: [RedisScript]) async throws -> Bool {
        guard !scripts.isEmpty else { return true }
        let replies = try await sendToEveryPrimary(["SCRIPT", "EXISTS"] + scripts.map(\.sha1))
        return replies.allSatisfy { $0.array?.allSatisfy { $0 == .integer(1) } ?? false }
    }
}
