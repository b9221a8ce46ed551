import ArgumentParser
import FloodgateRehearsal
import Foundation
import Logging

/// `floodgate rehearse`: replay a sale against daemons and check every invariant.
struct Rehearse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rehearse a sale: a simulated crowd, bots, attackers and faults against daemons, then every invariant checked.",
        discussion: """
            With --spawn the rehearsal starts its own Redis (the profile's "redis": one redis-server with the AOF \
            synced on every write, or a local cluster of three primaries and three replicas) and the profile's \
            daemons, and stops them at the end. Otherwise give running daemons with --target (loopback only), \
            their --admin-token and their --redis, which the checks read.
            With --compare-with the second profile runs after the first (the same way), and the shoppers affected \
            in each are printed side by side: `--profile Rehearsals/guards.json --compare-with Rehearsals/guards-observe.json` \
            compares the guards enforcing with the guards observing the same faults.
            Exit status: 0 when every invariant held, 1 when one failed, 2 when the rehearsal could not run.
            """
    )

    @Option(help: "The rehearsal profile (JSON; Rehearsals/README.md documents every field).")
    var profile: String

    @Flag(help: "Start Redis and the profile's daemons for this run, and stop them at the end.")
    var spawn = false

    @Option(name: .customLong("target"), help: "A running daemon, http://127.0.0.1:PORT; repeat for several daemons.")
    var targets: [String] = []

    @Option(help: "The targets' admin token (also FLOODGATE_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(help: "The targets' Redis, which the checks read: redis://127.0.0.1:PORT, unix:///path or redis+cluster://127.0.0.1:PORT[,...].")
    var redis: String?

    @Option(help: "Write the report as JSON to this file (with --compare-with, the second run's to FILE.compare.json).")
    var report: String?

    @Option(help: "A second profile to run after the first, such as Rehearsals/guards-observe.json; prints the shoppers affected in both side by side.")
    var compareWith: String?

    @Option(help: "With --spawn: where Redis and the daemons keep data and logs (kept); by default a temporary directory, removed after a run that passed.")
    var workDir: String?

    @Option(help: "For kill_daemon faults with --target: a shell command that kills the daemon with SIGKILL and starts it again ($FLOODGATE_DAEMON is its index).")
    var daemonRestartCommand: String?

    @Option(help: "For restart_redis faults with --target: a shell command that kills Redis with SIGKILL and starts it again.")
    var redisRestartCommand: String?

    @Option(help: "For failover faults with --target on a cluster: a shell command that kills the primary $FLOODGATE_PRIMARY (host:port, the sale's slot's) with SIGKILL.")
    var failoverCommand: String?

    @Option(help: "Replace the profile's random seed.")
    var seed: UInt64?

    @Flag(help: "Fail the run also when a latency budget is missed or a 5xx is answered.")
    var strictBudgets = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    mutating func run() async throws {
        var options = try makeOptions()
        let first = try await rehearse(options, reportPath: report)
        guard let compareWith else {
            if !first.passed { throw ExitCode(1) }
            return
        }
        options.profilePath = compareWith
        options.workDirectory = workDir.map { $0 + "-compare" }
        let second = try await rehearse(options, reportPath: report.map { $0 + ".compare.json" })
        print(RehearsalReport.comparison(first, second))
        if !first.passed || !second.passed { throw ExitCode(1) }
    }

    /// One run: its table printed, its JSON written to `reportPath`.
    private func rehearse(_ options: RehearsalOptions, reportPath: String?) async throws -> RehearsalReport {
        let report: RehearsalReport
        do {
            report = try await Rehearsal.run(options, logger: Logger(label: "floodgate.rehearse"))
        } catch {
            throw Self.cannotRun("\(error)")
        }
        print(report.table)
        if let reportPath {
            do {
                try Self.json(report).write(to: URL(fileURLWithPath: reportPath))
            } catch {
                throw Self.cannotRun("--report \(reportPath): \(error.localizedDescription)")
            }
        }
        return report
    }

    private func makeOptions() throws -> RehearsalOptions {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw Self.cannotRun("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var options = RehearsalOptions(profilePath: profile, daemonExecutable: executable)
        options.spawn = spawn
        options.workDirectory = workDir
        do {
            options.targets = try targets.map { try TargetAddress(url: $0) }
        } catch {
            throw Self.cannotRun("\(error)")
        }
        guard spawn != !options.targets.isEmpty else { throw Self.cannotRun("give either --spawn or --target, not both") }
        options.adminToken = adminToken ?? ProcessInfo.processInfo.environment["FLOODGATE_ADMIN_TOKEN"]
        options.redisURL = redis
        options.daemonRestartCommand = daemonRestartCommand
        options.redisRestartCommand = redisRestartCommand
        options.failoverCommand = failoverCommand
        options.seed = seed
        options.strictBudgets = strictBudgets
        return options
    }

    /// The report as pretty JSON with snake_case keys.
    private static func json(_ report: RehearsalReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(report)
    }

    /// Reports on standard error why the rehearsal could not run; exit status 2.
    private static func cannotRun(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("floodgate rehearse: \(message)\n".utf8))
        return ExitCode(2)
    }
}
