import FloodgateRedis

/// Daemons the operator runs (`--target`): the rehearsal sends its load to them and reads their
/// Redis; the faults that need a process run the operator's own commands, with
/// `FLOODGATE_DAEMON` (the daemon's index), `FLOODGATE_TARGET`, `FLOODGATE_PRIMARY` and
/// `FLOODGATE_SLOT` (a failover's), and `FLOODGATE_RESTART_AFTER` (seconds, empty for never) in
/// their environment.
struct TargetDeployment: Deployment {
    let targets: [TargetAddress]
    let adminToken: String
    let redisConfiguration: RedisClientConfiguration
    /// Kills a daemon with SIGKILL and starts it again.
    let daemonRestartCommand: String?
    /// Kills Redis with SIGKILL and starts it again.
    let redisRestartCommand: String?
    /// Kills the cluster primary `FLOODGATE_PRIMARY` (`host:port`) with SIGKILL.
    let failoverCommand: String?

    var workDirectory: String? { nil }

    func killDaemon(_ index: Int, restartAfter: Duration?) async -> FaultResult {
        guard let command = daemonRestartCommand else { return .skipped("needs --spawn or --daemon-restart-command") }
        let environment = [
            "FLOODGATE_DAEMON": "\(index)", "FLOODGATE_TARGET": targets[index].description,
            "FLOODGATE_RESTART_AFTER": restartAfter.map { "\($0.seconds)" } ?? "",
        ]
        return await run(command, environment: environment, flag: "--daemon-restart-command")
    }

    func starveDaemon(_ index: Int, for duration: Duration, starvation: CPUStarvation) async -> FaultResult {
        .skipped("needs --spawn (the daemon's own process)")
    }

    func restartRedis(down: Duration) async -> FaultResult {
        guard let command = redisRestartCommand else { return .skipped("needs --spawn or --redis-restart-command") }
        return await run(command, environment: ["FLOODGATE_RESTART_AFTER": "\(down.seconds)"], flag: "--redis-restart-command")
    }

    func failover(slot: Int, primary: String?, restartAfter: Duration?) async -> FaultResult {
        guard let command = failoverCommand else { return .skipped("needs --spawn or --failover-command") }
        guard let primary else { return .skipped("--redis is not a cluster whose map names a primary for slot \(slot)") }
        let environment = [
            "FLOODGATE_PRIMARY": primary, "FLOODGATE_SLOT": "\(slot)",
            "FLOODGATE_RESTART_AFTER": restartAfter.map { "\($0.seconds)" } ?? "",
        ]
        let result = await run(command, environment: environment, flag: "--failover-command")
        return FaultResult(done: result.done, detail: "primary \(primary) of slot \(slot): " + result.detail)
    }

    func stop() async {}

    private func run(_ command: String, environment: [String: String], flag: String) async -> FaultResult {
        let started = ContinuousClock.now
        guard let code = await ShellCommand.run(command, environment: environment) else { return .skipped("\(flag) did not finish") }
        let seconds = (ContinuousClock.now - started).seconds
        return code == 0 ? .done("\(flag) ran in \(seconds.formatted(decimals: 1)) s") : .skipped("\(flag) exited with \(code)")
    }
}
