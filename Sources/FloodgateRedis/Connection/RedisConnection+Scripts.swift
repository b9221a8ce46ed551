extension RedisConnection {
    /// Sends a call; for a script, loads it and sends the call again when this server answers
    /// NOSCRIPT, and waits for replicas (`WAIT`, on this connection, so it covers the script's
    /// writes) when `replicaWait` is given.
    /// - Throws: ``RedisError/notReplicated(acknowledged:wanted:)`` when fewer replicas confirmed in time.
    func send(_ arguments: [String], timeout: Duration, asking: Bool = false, script: RedisScript?, replicaWait: ReplicaWait?) async throws -> RedisReply {
        let start = ContinuousClock.now
        var reply = try await send(arguments, timeout: timeout, asking: asking)
        if let script, reply.errorMessage?.hasPrefix("NOSCRIPT") == true {
            let loaded = try await send(["SCRIPT", "LOAD", script.source], timeout: timeout - (ContinuousClock.now - start))
            guard loaded.string == script.sha1 else { throw RedisError.unexpectedReply("SCRIPT LOAD \(script.name): \(loaded)") }
            reply = try await send(arguments, timeout: timeout - (ContinuousClock.now - start), asking: asking)
        }
        guard let replicaWait, !Self.isRedirection(reply) else { return reply }
        let milliseconds = Int64(replicaWait.timeout / .milliseconds(1))
        let acknowledged = try await send(["WAIT", String(replicaWait.replicas), String(milliseconds)],
                                          timeout: max(timeout - (ContinuousClock.now - start), replicaWait.timeout + .seconds(1)))
        guard let count = acknowledged.int, count >= replicaWait.replicas else {
            throw RedisError.notReplicated(acknowledged: Int(acknowledged.int ?? 0), wanted: replicaWait.replicas)
        }
        return reply
    }

    /// Whether a reply sends the call elsewhere (MOVED, ASK) or asks for a retry: nothing was written.
    private static func isRedirection(_ reply: RedisReply) -> Bool {
        switch ClusterReply(reply) {
        case .moved, .ask, .busy, .noScript: true
        case .answer: false
        }
    }
}
