import FloodgateRedis
import FloodgateTesting

/// `floodgate-bench redis --cluster`: the workloads on a local cluster of three primaries, the
/// keys spread over them by hash tags. redis-benchmark `--cluster` puts each of its clients on
/// one primary and replaces `{tag}` in the keys with a tag of that primary's slots; the client
/// routes each call by its key's slot over one pipelined connection per primary.
struct ClusterRedisBench {
    let bench: RedisBench
    let script: RedisScript
    /// Hash tags for the client's keys: enough that the three primaries get about a third each.
    static let tags = (0..<300).map { "{t\($0)}" }

    func run() async throws -> [BenchRow] {
        let cluster = try await TestRedisCluster.start()
        do {
            let rows = try await measure(on: cluster)
            await cluster.stop()
            return rows
        } catch {
            await cluster.stop()
            throw error
        }
    }

    private func measure(on cluster: LocalRedisCluster) async throws -> [BenchRow] {
        let client = try await Self.client(cluster, replicaWait: nil)
        defer { client.shutdown() }
        try await client.load([script])
        let value = "a-value-of-some-thirty-two-bytes"
        for tag in Self.tags {
            _ = try await client.send(["SET", "benchkey" + tag, value])
            _ = try await client.send(["SET", tag + ":stock", "1000000000000"])
        }
        let tool = RedisBenchmarkTool(port: cluster.nodes[0].port, clients: bench.callers, requests: bench.calls, cluster: true)
        // redis-benchmark's GETs read keys its own SETs made: the same tag per primary.
        _ = try await RedisBenchmarkTool(port: cluster.nodes[0].port, clients: 3, requests: 300, cluster: true).run(["SET", "benchkey{tag}", value])
        _ = try await RedisBenchmarkTool(port: cluster.nodes[0].port, clients: 3, requests: 300, cluster: true).run(["SET", "{tag}:stock", "1000000000000"])
        print("redis cluster \(cluster.url) (3 primaries), \(bench.callers) callers, \(bench.calls) calls a run, \(bench.rounds) rounds, client with one connection per primary")
        let tags = Self.tags
        let sha = script.sha1
        var rows = [
            try await bench.compare("GET", tool: tool, command: ["GET", "benchkey{tag}"], client: client) { index in ["GET", "benchkey" + tags[index % tags.count]] },
            try await bench.compare("EVALSHA reserve", tool: tool, command: ["EVALSHA", sha, "4"] + Self.keys("{tag}") + ["1", "__rand_int__"], client: client) { index in
                ["EVALSHA", sha, "4"] + Self.keys(tags[index % tags.count]) + ["1", String(index)]
            },
        ]
        if bench.waitReplicas > 0 { rows.append(try await waitCost(cluster)) }
        return rows
    }

    /// The reserve script without and with `WAIT replicas timeout` after each call (the client's
    /// ``RedisClientConfiguration/replicaWait``, as the daemon's `--redis-wait-replicas`).
    private func waitCost(_ cluster: LocalRedisCluster) async throws -> BenchRow {
        let plain = try await Self.client(cluster, replicaWait: nil)
        defer { plain.shutdown() }
        let waiting = try await Self.client(cluster, replicaWait: ReplicaWait(replicas: bench.waitReplicas, timeout: .milliseconds(bench.waitTimeoutMs)))
        defer { waiting.shutdown() }
        let withWait = try RedisBench.reserveScript(awaitsReplicas: true)
        let tags = Self.tags
        var row = BenchRow(workload: "reserve + WAIT \(bench.waitReplicas)", reference: "client, no WAIT", candidate: "client + WAIT")
        for round in 1...bench.rounds {
            row.references.append(await ClientLoad(client: plain, callers: bench.callers, totalCalls: bench.calls).run { index in
                _ = try await plain.evalsha(script, keys: Self.keys(tags[index % tags.count]), arguments: ["1", String(index)])
            })
            row.candidates.append(await ClientLoad(client: waiting, callers: bench.callers, totalCalls: bench.calls).run { index in
                _ = try await waiting.evalsha(withWait, keys: Self.keys(tags[index % tags.count]), arguments: ["1", String(index)])
            })
            print("  reserve round \(round): no WAIT \(Int(row.references.last!.callsPerSecond)) calls/s, WAIT \(bench.waitReplicas) \(Int(row.candidates.last!.callsPerSecond)) calls/s (\(row.candidates.last!.errors) not replicated in time)")
        }
        return row
    }

    private static func keys(_ tag: String) -> [String] {
        [tag + ":stock", tag + ":holds", tag + ":expiry", tag + ":ledger"]
    }

    private static func client(_ cluster: LocalRedisCluster, replicaWait: ReplicaWait?) async throws -> RedisClient {
        var configuration = try RedisClientConfiguration(url: cluster.url)
        configuration.replicaWait = replicaWait
        let client = RedisClient(configuration: configuration)
        try await client.connect()
        return client
    }
}
