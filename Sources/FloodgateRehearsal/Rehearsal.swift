import FloodgateRedis
import Foundation
import Logging
import NIOCore
import NIOPosix

/// `floodgate rehearse`: replays a sale against daemons (started here with `spawn`, or running
/// already), injects the profile's faults, then checks every invariant from Redis and from what
/// the simulated shoppers saw.
///
/// ```swift
/// var options = RehearsalOptions(profilePath: "Rehearsals/ci-short.json", daemonExecutable: "/path/to/floodgate")
/// options.spawn = true
/// let report = try await Rehearsal.run(options, logger: Logger(label: "rehearsal"))
/// print(report.table)  // report.passed is false when an invariant failed
/// ```
public enum Rehearsal {
    /// Runs a rehearsal to its end (the profile's duration plus its drain) and reports.
    /// - Throws: ``RehearsalProfileError`` for a bad profile, ``RehearsalSetupError`` when the
    ///   daemons or Redis cannot be started or reached. A failed invariant is not an error: it is
    ///   in the report.
    public static func run(_ options: RehearsalOptions, logger: Logger) async throws -> RehearsalReport {
        var profile = try RehearsalProfile.load(path: options.profilePath)
        if let seed = options.seed { profile.seed = seed }
        let runID = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let directory = options.workDirectory ?? NSTemporaryDirectory() + "floodgate-rehearsal-\(runID)"
        let deployment = try await deploy(options, profile: profile, directory: directory, logger: logger)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let run = RehearsalRun(profilePath: options.profilePath, profile: profile, runID: runID, deployment: deployment,
                               strictBudgets: options.strictBudgets, logger: logger)
        var report: RehearsalReport
        do {
            report = try await run.perform(on: group.next())
        } catch {
            try? await group.shutdownGracefully()
            await deployment.stop()
            throw error
        }
        try? await group.shutdownGracefully()
        await deployment.stop()
        if options.spawn, options.workDirectory == nil, report.passed {
            try? FileManager.default.removeItem(atPath: directory)
            report.workDirectory = nil
        }
        return report
    }

    private static func deploy(_ options: RehearsalOptions, profile: RehearsalProfile, directory: String, logger: Logger) async throws -> any Deployment {
        if options.spawn {
            return try await SpawnedDeployment.start(profile, executable: options.daemonExecutable, directory: directory, logger: logger)
        }
        guard !options.targets.isEmpty else { throw RehearsalSetupError("give --spawn, or --target with --admin-token and --redis") }
        guard let token = options.adminToken, !token.isEmpty else { throw RehearsalSetupError("--target needs --admin-token") }
        guard let url = options.redisURL else { throw RehearsalSetupError("--target needs --redis (the checks read the daemons' Redis)") }
        let redis: RedisClientConfiguration
        do { redis = try RedisClientConfiguration(url: url) } catch { throw RehearsalSetupError("--redis: \(error)") }
        for endpoint in redis.clusterSeeds.isEmpty ? [redis.endpoint] : redis.clusterSeeds {
            if case .tcp(let host, _) = endpoint.address, !(host == "::1" || host == "localhost" || host.hasPrefix("127.")) {
                throw RehearsalSetupError("--redis: a rehearsal only reads a Redis on loopback or a unix socket")
            }
        }
        return TargetDeployment(targets: options.targets, adminToken: token, redisConfiguration: redis,
                                daemonRestartCommand: options.daemonRestartCommand, redisRestartCommand: options.redisRestartCommand,
                                failoverCommand: options.failoverCommand)
    }
}
