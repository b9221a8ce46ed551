import FloodgateCore
import FloodgateEngine
import Hummingbird

/// The daemons' registry as telemetry and `GET /admin/daemons` show it: a daemon that missed
/// ``downAfterSeconds`` of heartbeats is `down`.
enum DaemonRoster {
    /// Seconds without a heartbeat after which a daemon is reported down (three missed beats).
    static let downAfterSeconds = 3.5

    /// Every daemon of the registry, by id.
    static func list(_ engine: SaleEngine) async throws -> [TelemetrySnapshot.Daemon] {
        let (heartbeats, nowMs) = try await engine.daemons()
        return heartbeats.map { beat in
            let silent = Double(max(0, nowMs - beat.lastSeenMs)) / 1000
            return TelemetrySnapshot.Daemon(
                id: beat.id, address: beat.address, version: beat.version,
                startedAt: RFC3339.format(unixSeconds: beat.startedAtMs / 1000), lastSeen: RFC3339.format(unixSeconds: beat.lastSeenMs / 1000),
                secondsSinceSeen: silent, uptimeSeconds: Double(max(0, beat.lastSeenMs - beat.startedAtMs)) / 1000, state: silent > downAfterSeconds ? "down" : "up",
                requestsPerSecond: beat.requestsPerSecond, p99Ms: beat.p99Ms
            )
        }
    }
}

/// `GET /admin/daemons`: the registry, behind the admin token.
struct DaemonAdminRoutes: Sendable {
    let engine: SaleEngine

    func add(to router: Router<FloodgateRequestContext>, admins: AdminAuthority) {
        router.group("admin").add(middleware: AdminAuthMiddleware(authority: admins)).get("daemons") { _, _ in
            try JSONResponse.encode(["daemons": try await DaemonRoster.list(engine)])
        }
    }
}
