import FloodgateRedis
import FloodgateTesting
import Testing

@Suite("The test Redis Cluster", .serialized)
struct RedisClusterFixtureTests {
    @Test("six nodes form a cluster of three primaries covering every slot, and stop by PID")
    func startsAndStops() async throws {
        let cluster = try await TestRedisCluster.start()
        let primaries = try await cluster.primaries()
        #expect(primaries.count == 3)
        let info = try await cluster.cli(cluster.nodes[0], ["CLUSTER", "INFO"])
        #expect(info.contains("cluster_slots_assigned:16384"))
        #expect(info.contains("cluster_known_nodes:6"))
        let owners = try await [0, 8000, 16383].asyncMap { try await cluster.primary(ofSlot: $0).port }
        #expect(Set(owners).count == 3)
        await cluster.stop()
        #expect(cluster.nodes.allSatisfy { !$0.isRunning })
    }
}

extension Array where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
