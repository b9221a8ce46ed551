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

    /// Creates a script from its source.
    public init(name: String, source: String) {
        self.name = name
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension RedisClient {
    /// Runs a script with EVALSHA; when the server has lost it (NOSCRIPT, after a restart or a
    /// `SCRIPT FLUSH`) the script is loaded again and the call retried once.
    /// - Returns: the script's reply (a Lua error comes back as ``RedisReply/error(_:)``).
    public func evalsha(_ script: RedisScript, keys: [String], arguments: [String], timeout: Duration? = nil) async throws -> RedisReply {
        let command = ["EVALSHA", script.sha1, String(keys.count)] + keys + arguments
        let reply = try await send(command, label: script.name, timeout: timeout)
        guard reply.errorMessage?.hasPrefix("NOSCRIPT") == true else { return reply }
        try await load([script])
        return try await send(command, label: script.name, timeout: timeout)
    }

    /// Loads scripts into the server's script cache.
    /// - Throws: ``RedisError/unexpectedReply(_:)`` when the server rejects a script (a Lua syntax error).
    public func load(_ scripts: [RedisScript]) async throws {
        for script in scripts {
            let reply = try await send(["SCRIPT", "LOAD", script.source])
            guard reply.string == script.sha1 else {
                throw RedisError.unexpectedReply("SCRIPT LOAD \(script.name): \(reply)")
            }
        }
    }

    /// Whether the server holds every one of `scripts` in its cache.
    public func areLoaded(_ scripts: [RedisScript]) async throws -> Bool {
        guard !scripts.isEmpty else { return true }
        let reply = try await send(["SCRIPT", "EXISTS"] + scripts.map(\.sha1))
        return reply.array?.allSatisfy { $0 == .integer(1) } ?? false
    }
}
