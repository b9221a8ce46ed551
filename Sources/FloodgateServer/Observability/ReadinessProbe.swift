import FloodgateCore
import FloodgateRedis

/// Answers whether the daemon can serve: Redis answers and holds every script the daemon runs;
/// on a cluster, every primary answers and every slot is covered.
public struct ReadinessProbe: Sendable {
    let redis: RedisClient
    let scripts: [RedisScript]

    /// The outcome of one check.
    public enum Outcome: Sendable, Equatable {
        /// Ready; with the cluster's state on a cluster.
        case ready(cluster: RedisClusterStatus?)
        case notReady(reason: String)
    }

    /// Checks Redis with a short timeout, loading scripts the server lost (after a restart).
    public func check() async -> Outcome {
        do {
            let cluster = await redis.clusterStatus()
            if let cluster, !cluster.isHealthy { return .notReady(reason: Self.describe(cluster)) }
            let pong = try await redis.send(["PING"], timeout: .seconds(1))
            guard pong == .simple("PONG") else { return .notReady(reason: "redis answered PING with \(pong)") }
            if try await !redis.areLoaded(scripts) {
                try await redis.load(scripts)
            }
            return .ready(cluster: cluster)
        } catch {
            return .notReady(reason: "\(error)")
        }
    }

    /// What is wrong with an unhealthy cluster, in one line.
    static func describe(_ cluster: RedisClusterStatus) -> String {
        var problems: [String] = []
        let down = cluster.primaries.filter { !$0.answers }.map(\.address)
        if !down.isEmpty { problems.append("primaries not answering: \(down.joined(separator: ", "))") }
        if cluster.coveredSlots < HashSlot.count { problems.append("\(cluster.coveredSlots) of \(HashSlot.count) slots covered") }
        return "redis cluster: " + problems.joined(separator: "; ")
    }
}

/// The body of a ready answer.
struct ReadyReport: Encodable {
    /// The cluster's state, on a cluster.
    struct Cluster: Encodable {
        let slotsCovered: Int
        let allSlotsCovered: Bool
        let primaries: [TelemetrySnapshot.Redis.Node]

        enum CodingKeys: String, CodingKey {
            case primaries
            case slotsCovered = "slots_covered"
            case allSlotsCovered = "all_slots_covered"
        }
    }

    let status = "ready"
    let redisCluster: Cluster?

    enum CodingKeys: String, CodingKey {
        case status
        case redisCluster = "redis_cluster"
    }

    init(cluster: RedisClusterStatus?) {
        redisCluster = cluster.map { cluster in
            Cluster(slotsCovered: cluster.coveredSlots, allSlotsCovered: cluster.coveredSlots == HashSlot.count,
                    primaries: cluster.primaries.map(TelemetrySnapshot.Redis.Node.init))
        }
    }
}

extension TelemetrySnapshot.Redis.Node {
    /// A primary as the cluster client last saw it.
    init(_ node: RedisClusterStatus.Node) {
        self.init(address: node.address, up: node.answers, latencyMs: node.latencyMilliseconds, replicas: node.replicas)
    }
}
