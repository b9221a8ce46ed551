import FloodgateRedis

/// Answers whether the daemon can serve: Redis answers and holds every script the daemon runs.
public struct ReadinessProbe: Sendable {
    let redis: RedisClient
    let scripts: [RedisScript]

    /// The outcome of one check.
    public enum Outcome: Sendable, Equatable {
        case ready
        case notReady(reason: String)
    }

    /// Checks Redis with a short timeout, loading scripts the server lost (after a restart).
    public func check() async -> Outcome {
        do {
            let pong = try await redis.send(["PING"], timeout: .seconds(1))
            guard pong == .simple("PONG") else { return .notReady(reason: "redis answered PING with \(pong)") }
            if try await !redis.areLoaded(scripts) {
                try await redis.load(scripts)
            }
            return .ready
        } catch {
            return .notReady(reason: "\(error)")
        }
    }
}
