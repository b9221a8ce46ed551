import Foundation

extension SaleEngine {
    /// Writes `heartbeat` to the daemons' registry, stamped with Redis' clock as its last sighting.
    /// - Returns: the heartbeat as written.
    @discardableResult
    public func beat(_ heartbeat: DaemonHeartbeat) async throws -> DaemonHeartbeat {
        var heartbeat = heartbeat
        heartbeat.lastSeenMs = try await redisTimeMs()
        let json = String(decoding: try JSONEncoder().encode(heartbeat), as: UTF8.self)
        _ = try await command(["HSET", SaleKeys.daemons, heartbeat.id, json])
        return heartbeat
    }

    /// Every daemon in the registry, and Redis' clock to judge their last sightings by.
    /// - Throws: ``SaleEngineError/malformedData(_:)`` for an entry that is not a heartbeat.
    public func daemons() async throws -> (heartbeats: [DaemonHeartbeat], nowMs: Int64) {
        let now = try await redisTimeMs()
        let entries = try await hash(SaleKeys.daemons)
        let heartbeats = try entries.sorted { $0.key < $1.key }.map { id, json in
            guard let heartbeat = try? JSONDecoder().decode(DaemonHeartbeat.self, from: Data(json.utf8)), heartbeat.id == id else {
                throw SaleEngineError.malformedData("daemon \(id) in \(SaleKeys.daemons)")
            }
            return heartbeat
        }
        return (heartbeats, now)
    }

    /// Removes the daemons whose last heartbeat is older than `seconds`.
    /// - Returns: the ids removed.
    public func pruneDaemons(silentFor seconds: Int) async throws -> [String] {
        let (heartbeats, now) = try await daemons()
        let gone = heartbeats.filter { now - $0.lastSeenMs > Int64(seconds) * 1000 }.map(\.id)
        if !gone.isEmpty { _ = try await command(["HDEL", SaleKeys.daemons] + gone) }
        return gone
    }
}
