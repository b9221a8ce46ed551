import FloodgateCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The load generator's world: shoppers, bots and attackers (agents), their timers, the
/// connections to the daemons, and what they record. It all lives on one event loop; nothing in
/// it is touched from anywhere else, and only the Sendable ``SimulationResult`` leaves it.
final class Simulation {
    /// Where the run is.
    enum Phase {
        /// Shoppers arrive and wait.
        case running
        /// The duration is over: waiting shoppers leave, those in checkout finish.
        case draining
        /// Everything has stopped.
        case stopped
    }

    /// What a simulation is given.
    struct Settings: Sendable {
        let profile: RehearsalProfile
        let plan: SalePlan
        let targets: [TargetAddress]
        /// Tick 0: when the run starts.
        let start: NIODeadline
        /// The daemons' token key, read from Redis, for genuinely signed expired and foreign tokens.
        let signer: TokenSigner?
    }

    let settings: Settings
    let logger: Logger
    let balancer: TargetBalancer
    var random: RandomSource
    var recorder: LoadRecorder
    var observations = Observations()
    var arrivals = Arrivals()
    private(set) var phase = Phase.running
    private let loop: any EventLoop
    private var wheel: TimerWheel
    private let promise: EventLoopPromise<SimulationResult>
    private var active = 0
    private var ticks: Int64 = 0
    private var recentTokens: [String] = []

    private init(_ settings: Settings, loop: any EventLoop, logger: Logger) throws {
        self.settings = settings
        self.logger = logger
        self.loop = loop
        balancer = try TargetBalancer(targets: settings.targets, loop: loop, connectionsPerTarget: settings.profile.connections,
                                      timeout: .milliseconds(Int64(settings.profile.requestTimeoutMs)))
        random = RandomSource(seed: settings.profile.seed)
        recorder = LoadRecorder(start: settings.start)
        wheel = TimerWheel(origin: settings.start)
        promise = loop.makePromise()
    }

    /// Runs a simulation on `loop` until the profile's duration and drain have passed.
    static func run(_ settings: Settings, on loop: any EventLoop, logger: Logger) async throws -> SimulationResult {
        try await loop.flatSubmit {
            do {
                return try Simulation(settings, loop: loop, logger: logger).begin()
            } catch {
                return loop.makeFailedFuture(error)
            }
        }.get()
    }

    var profile: RehearsalProfile { settings.profile }
    var saleID: String { settings.plan.id }

    /// Nanoseconds since the start.
    func nanosecondsSinceStart(_ time: NIODeadline = .now()) -> Int64 {
        (time - settings.start).nanoseconds
    }

    /// Sends a request for an agent from its `source` address (on a `direct` network a loopback
    /// address the socket is bound to; behind a load balancer, `X-Forwarded-For`); `handler`
    /// runs on the loop with the outcome, unless the run has stopped meanwhile. Latency and
    /// status are recorded under `kind`.
    func send(_ kind: CallKind, _ method: HTTPMethod, _ uri: String, token: String? = nil, source: String? = nil,
              idempotencyKey: String? = nil, json: String? = nil, then handler: @escaping (LoadOutcome) -> Void) {
        var headers = HTTPHeaders()
        if let token { headers.add(name: "Authorization", value: "Bearer " + token) }
        let balanced = profile.network == .loadBalancer
        if balanced, let source { headers.add(name: "X-Forwarded-For", value: source) }
        if let idempotencyKey { headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if json != nil { headers.add(name: "Content-Type", value: "application/json") }
        let issued = NIODeadline.now()
        recorder.recordOffered(at: issued)
        balancer.submit(LoadRequest(method: method, uri: uri, headers: headers, body: json.map { ByteBuffer(string: $0) }, issuedAt: issued) { outcome in
            self.recorder.record(kind, outcome, issuedAt: issued, now: .now())
            guard self.phase != .stopped else { return }
            handler(outcome)
        }, from: balanced ? nil : source)
    }

    /// Runs CPU-heavy `work` (solving a proof of work) on NIO's thread pool, so that the loop
    /// keeps sending and timing everyone else's requests meanwhile (each real client solves on
    /// its own device); `handler` runs on the loop with the result, unless the run has stopped.
    func offload<Result: Sendable>(_ work: @escaping @Sendable () -> Result, then handler: @escaping (Result) -> Void) {
        NIOThreadPool.singleton.runIfActive(eventLoop: loop, work).assumeIsolated().whenSuccess { result in
            guard self.phase != .stopped else { return }
            handler(result)
        }
    }

    /// Wakes `agent` after `milliseconds`.
    func schedule(_ agent: any Agent, afterMilliseconds milliseconds: Int) {
        wheel.schedule(agent, at: .now() + .milliseconds(Int64(milliseconds)))
    }

    /// A new agent, woken first after `milliseconds`.
    func join(_ agent: any Agent, afterMilliseconds milliseconds: Int) {
        active += 1
        schedule(agent, afterMilliseconds: milliseconds)
    }

    /// An agent is done; a cart given up after declined payments is also recorded in its second.
    func leave(_ outcome: ShopperOutcome) {
        active -= 1
        observations.outcomes[outcome, default: 0] += 1
        if outcome == .paymentDeclined { recorder.recordCartGivenUp(at: .now()) }
    }

    /// Keeps a genuine token for forgers to misuse (the last 64).
    func remember(token: String) {
        if recentTokens.count >= 64 { recentTokens.removeFirst() }
        recentTokens.append(token)
    }

    /// A genuine token other than `token`, if one was seen.
    func otherToken(than token: String) -> String? {
        recentTokens.last { $0 != token }
    }

    private func begin() -> EventLoopFuture<SimulationResult> {
        logger.info("rehearsal started", metadata: ["sale": "\(saleID)", "targets": "\(settings.targets.map(\.description))"])
        loop.assumeIsolated().scheduleTask(deadline: settings.start) { self.tick() }
        return promise.futureResult
    }

    /// Every 10 ms: phase changes, arrivals, due timers, timeouts, progress.
    private func tick() {
        let now = NIODeadline.now()
        let seconds = Double(nanosecondsSinceStart(now)) / 1e9
        ticks += 1
        if phase == .running, seconds >= profile.durationSeconds {
            phase = .draining
            logger.info("duration over: waiting shoppers leave, checkouts finish", metadata: ["agents": "\(active)"])
        }
        if phase == .draining, active == 0 || seconds >= profile.durationSeconds + profile.drainSeconds {
            return finish(now)
        }
        if phase == .running { arrive(at: seconds) }
        for agent in wheel.advance(to: now) { agent.wake(self) }
        if ticks % 10 == 0 { balancer.sweep(now: now) }
        if ticks % 500 == 0 { logProgress(seconds) }
        let next = settings.start + .milliseconds(10 * ticks)
        loop.assumeIsolated().scheduleTask(deadline: max(next, now)) { self.tick() }
    }

    private func finish(_ now: NIODeadline) {
        phase = .stopped
        let stillWaiting = wheel.removeAll().filter { !$0.isPastQueue }.count
        observations.outcomes[.timeUp, default: 0] += stillWaiting
        observations.outcomes[.cutOff, default: 0] += active - stillWaiting
        balancer.stop()
        promise.succeed(SimulationResult(
            recorder: recorder, observations: observations, seconds: Double(nanosecondsSinceStart(now)) / 1e9,
            peakConnectionWaiting: balancer.peakWaiting
        ))
    }

    private func logProgress(_ seconds: Double) {
        let recent = recorder.timeline.suffix(6).dropLast()
        let span = Double(max(recent.count, 1))
        let offered = Double(recent.reduce(0) { $0 + $1.offered }) / span
        let answered = Double(recent.reduce(0) { $0 + $1.answered }) / span
        logger.info("rehearsal progress", metadata: [
            "t": "\(Int(saturating: seconds)) s", "offered_per_s": "\(Int(saturating: offered))", "answered_per_s": "\(Int(saturating: answered))",
            "in_flight": "\(balancer.outstanding)", "agents": "\(active)", "admitted": "\(observations.shoppers.admitted + observations.bots.admitted)",
            "committed": "\(observations.shoppers.committed + observations.bots.committed)",
        ])
    }
}

/// What a simulation hands back to the rehearsal.
struct SimulationResult: Sendable {
    let recorder: LoadRecorder
    let observations: Observations
    /// How long it ran, drain included.
    let seconds: Double
    /// The most requests that waited for a connection to one daemon at once.
    let peakConnectionWaiting: Int
}
