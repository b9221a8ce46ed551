import FloodgateRedis

/// The daemons and Redis a rehearsal runs against, and what faults can be done to them.
protocol Deployment: Sendable {
    /// The daemons, in order (a fault names a daemon by its index).
    var targets: [TargetAddress] { get }
    /// The admin API's token.
    var adminToken: String { get }
    /// The Redis the daemons share (one server or a cluster), which the checks read.
    var redisConfiguration: RedisClientConfiguration { get }
    /// Where logs and data live, for the report; nil when the run started nothing.
    var workDirectory: String? { get }

    /// Kills daemon `index` with SIGKILL, then starts it again after `restartAfter` (never when nil).
    func killDaemon(_ index: Int, restartAfter: Duration?) async -> FaultResult
    /// Starves daemon `index` of CPU for `duration` in ``CPUStarvation``'s bursts, leaving it running.
    func starveDaemon(_ index: Int, for duration: Duration, starvation: CPUStarvation) async -> FaultResult
    /// Kills Redis with SIGKILL and starts it again on its append-only file after `down`.
    func restartRedis(down: Duration) async -> FaultResult
    /// Kills the cluster primary that serves `slot` (`primary`, `host:port`, as the checks' client
    /// routes it) with SIGKILL so that its replica takes over, and starts it again after
    /// `restartAfter` (never when nil).
    func failover(slot: Int, primary: String?, restartAfter: Duration?) async -> FaultResult
    /// Stops whatever the run started.
    func stop() async
}

/// How an injected fault went.
public struct FaultResult: Sendable, Encodable, Hashable {
    /// Whether the fault was done as planned.
    public var done: Bool
    /// What happened, such as `back in 0.8 s` or why it was skipped.
    public var detail: String

    static func done(_ detail: String) -> FaultResult { FaultResult(done: true, detail: detail) }
    static func skipped(_ detail: String) -> FaultResult { FaultResult(done: false, detail: detail) }
}
