/// How to run a rehearsal: the profile, and either daemons to start (`spawn`) or daemons that
/// run already (`targets`, with their admin token and Redis). Every field but the profile and
/// the executable has a default.
public struct RehearsalOptions: Sendable {
    /// The profile file.
    public var profilePath: String
    /// The `floodgate` binary `spawn` starts daemons from.
    public var daemonExecutable: String
    /// Start Redis and the profile's daemons instead of using `targets`.
    public var spawn = false
    /// Where spawned processes keep data and logs; a fresh temporary directory when nil (removed
    /// after a run that passed).
    public var workDirectory: String?
    /// Running daemons (loopback only).
    public var targets: [TargetAddress] = []
    /// Their admin token.
    public var adminToken: String?
    /// Their Redis (loopback or a unix socket), which the checks read.
    public var redisURL: String?
    /// For `kill_daemon` faults against `targets`: kills a daemon with SIGKILL and starts it again.
    public var daemonRestartCommand: String?
    /// For `restart_redis` faults against `targets`.
    public var redisRestartCommand: String?
    /// For `failover` faults against `targets` on a cluster: kills the primary
    /// `FLOODGATE_PRIMARY` (`host:port`) with SIGKILL.
    public var failoverCommand: String?
    /// Replaces the profile's seed.
    public var seed: UInt64?
    /// Whether missed latency budgets and 5xx answers fail the run too.
    public var strictBudgets = false

    /// Options for `profilePath`; `daemonExecutable` is used with `spawn`.
    public init(profilePath: String, daemonExecutable: String) {
        self.profilePath = profilePath
        self.daemonExecutable = daemonExecutable
    }
}
