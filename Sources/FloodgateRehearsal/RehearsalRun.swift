import FloodgateRedis
import Foundation
import Logging
import NIOCore

/// One rehearsal against a deployment that is up: creates the sale, runs the simulation and
/// the faults side by side, reads Redis, and builds the report.
struct RehearsalRun: Sendable {
    let profilePath: String
    let profile: RehearsalProfile
    let runID: String
    let deployment: any Deployment
    let strictBudgets: Bool
    let logger: Logger

    /// Runs with the load generator on `loop`.
    func perform(on loop: any EventLoop) async throws -> RehearsalReport {
        var configuration = deployment.redisConfiguration
        configuration.connectionCount = 1
        configuration.commandTimeout = .seconds(30)
        let redis = RedisClient(configuration: configuration, logger: logger)
        do { try await redis.connect() } catch { throw RehearsalSetupError("cannot reach Redis at \(configuration.displayName): \(error)") }
        let maintainer = Task { try await redis.run() }
        defer {
            redis.shutdown()
            maintainer.cancel()
        }
        let admin = try await AdminClient.make(targets: deployment.targets, adminToken: deployment.adminToken, loop: loop)
        defer { admin.stop() }
        return try await rehearse(redis: redis, admin: admin, loop: loop)
    }

    private func rehearse(redis: RedisClient, admin: AdminClient, loop: any EventLoop) async throws -> RehearsalReport {
        let startedAt = Date()
        let plan = SalePlan(profile: profile, runID: runID, now: startedAt)
        let commitment = try await admin.createSale(plan)
        let signer = await RedisSnapshot.tokenSigner(redis)
        let start = NIODeadline.now() + .milliseconds(100)
        let startDate = Date().addingTimeInterval(0.1)
        let settings = Simulation.Settings(profile: profile, plan: plan, targets: deployment.targets, start: start, signer: signer)
        let runner = FaultRunner(faults: profile.faults, deployment: deployment, admin: admin, redis: redis, saleID: plan.id, start: start, logger: logger)
        async let faults = runner.run()
        let result = try await Simulation.run(settings, on: loop, logger: logger)
        let records = await faults
        let snapshot = try await snapshot(redis, saleID: plan.id)
        // Measured from tick 0, as the faults are.
        let guards = try await GuardEvent.read(admin: admin, saleID: plan.id, startedAt: startDate)
        return ReportBuilder(
            profilePath: profilePath, profile: profile, plan: plan, targets: deployment.targets, workDirectory: deployment.workDirectory,
            startedAt: startedAt, result: result, snapshot: snapshot, faults: records, guards: guards, commitment: commitment,
            signedWithDaemonKey: signer != nil, strictBudgets: strictBudgets
        ).build()
    }

    /// Reads the sale from Redis, waiting up to 30 s for it to answer (after a restart fault),
    /// then up to 30 s more for its open payment attempts to settle.
    private func snapshot(_ redis: RedisClient, saleID: String) async throws -> RedisSnapshot {
        for _ in 0..<120 {
            if await redis.ping() { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let settling = try await PaymentSettling.wait(redis, saleID: saleID)
        var snapshot = try await RedisSnapshot.read(redis, saleID: saleID)
        snapshot.settling = settling
        return snapshot
    }
}
