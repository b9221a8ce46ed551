import FloodgateCore
import FloodgateEngine
import FloodgateRedis
import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// The guards' loop, once a second for every sale, on every daemon:
/// 1. reads the sale's status (also for telemetry's rates and the Prometheus gauges);
/// 2. adds this daemon's figures of the seconds just completed (5xx, checkout and Redis p99) to
///    the sale's vitals in Redis, so the evaluating daemon sees every daemon's traffic;
/// 3. takes or renews the sale's guard lease (`guard_lease.lua`, 3 s): one daemon per sale goes on;
/// 4. that daemon records the sale's totals (reservations, expiries, payment attempts and
///    failures) for this second, reads the last minute of vitals, evaluates every guard
///    (``GuardEvaluator``) and, under `admission.mode = adaptive`, steps the admission rate.
///
/// A daemon that lost its lease (stopped, stalled, cut off from Redis) is replaced within the
/// lease's length; the guards' tracks in Redis let the next one go on where it stopped.
struct GuardService: Service {
    let services: ServerServices
    let logger: Logger
    var interval: Duration = .seconds(1)
    /// How long a lease lasts without renewal (ms).
    static let leaseMs = 3_000
    /// A `PING` slower than this counts as Redis unreachable for the Redis guard (a stall of a
    /// second or more is always seen by one of the pings, sent once a second).
    static let pingTimeout: Duration = .milliseconds(500)

    private let daemonID = "daemon-" + UUID().uuidString.prefix(8).lowercased()
    private let memory = NIOLockedValueBox(Memory())

    /// What this daemon remembers between rounds.
    private struct Memory {
        /// The last second whose figures it added to each sale's vitals.
        var flushed: [String: Int64] = [:]
        /// When its last Redis call failed or timed out (ms).
        var unreachableAtMs: Int64 = 0
        /// The adaptive controller's last direction per sale (for auditing turns only).
        var adaptiveRising: [String: Bool] = [:]
    }

    init(services: ServerServices, logger: Logger) {
        self.services = services
        self.logger = logger
    }

    func run() async throws {
        await SaleLoop(directory: services.directory, interval: interval, logger: logger, name: "guards").run { saleID in
            try await round(saleID)
        }
    }

    private func round(_ saleID: String) async throws {
        let engine = services.engine
        do {
            _ = try await engine.redis.send(["PING"], timeout: Self.pingTimeout)
        } catch {
            memory.withLockedValue { $0.unreachableAtMs = Self.nowMs() }
            throw SaleEngineError.redis("PING: \(error)")
        }
        guard let status = try await engine.status(of: saleID) else { return }
        services.directory.record(status)
        SaleMetrics().update(status)
        try await flushVitals(saleID)
        guard ![.closed, .rollingBack].contains(status.state),
            try await engine.holdGuardLease(saleID: saleID, daemon: daemonID, ttlMs: Self.leaseMs)
        else { return }
        let nowMs = Self.nowMs()
        let inputs = try await GuardInputs(services: services).read(status: status, nowMs: nowMs,
                                                                    unreachableAtMs: memory.withLockedValue { $0.unreachableAtMs })
        let evaluator = GuardEvaluator(engine: engine, metrics: GuardMetrics(), logger: logger)
        let readings = try await evaluator.evaluate(inputs, nowMs: nowMs)
        try await adapt(inputs, readings: readings)
    }

    /// Adds this daemon's figures of every completed second not added yet to the sale's vitals.
    private func flushVitals(_ saleID: String) async throws {
        let current = Self.nowMs() / 1000
        let from = memory.withLockedValue { $0.flushed[saleID] } ?? current - 3
        guard from < current - 1 else { return }
        for second in (from + 1)...(current - 1) {
            guard let figures = services.traffic.guardFigures(second: second) else { continue }
            try await services.engine.recordVitals(
                saleID: saleID, second: second,
                adds: [("requests", figures.requests), ("server_errors", figures.serverErrors), ("checkout_calls", figures.checkoutCalls),
                       ("redis_calls", figures.redisCalls)] + figures.shed.map { (VitalsSecond.shedPrefix + $0.key, $0.value) },
                maxes: [("checkout_p99_ms", figures.checkoutP99Ms), ("redis_p99_ms", figures.redisP99Ms)]
            )
        }
        memory.withLockedValue { $0.flushed[saleID] = current - 1 }
    }

    /// Under adaptive admission, one step of the controller (``AdaptiveAdmission``), unless a
    /// guard is throttling the sale (a firing guard's throttle wins). A turn of direction is audited
    /// as `guard:admission`.
    private func adapt(_ inputs: GuardEvaluator.Inputs, readings: [GuardKind: GuardReading]) async throws {
        let admission = inputs.plan.admission
        let status = inputs.status
        guard admission.mode == .adaptive, status.state == .running, let ceiling = admission.maxPerSecond else { return }
        let tracks = try await services.engine.guardTracks(saleID: status.id)
        let throttling = tracks.contains { $0.value.track.firing && !$0.value.track.dryRun && inputs.plan.guards[$0.key].action == .throttle }
        guard !throttling else { return }
        let newest = inputs.vitals.seconds.first
        let controller = AdaptiveAdmission(floor: admission.minPerSecond, ceiling: ceiling, targetP99Ms: admission.targetCheckoutP99Ms)
        let (rate, why) = controller.next(rate: status.admitPerSecond, checkoutP99Ms: (newest?.checkoutCalls ?? 0) > 0 ? newest?.checkoutP99Ms : nil,
                                          paymentsFailing: readings[.paymentSuccess]?.tripped ?? false,
                                          stockLeft: status.skus.contains { $0.available > 0 })
        GuardMetrics().adaptiveRate(saleID: status.id, rate: rate)
        guard abs(rate - status.admitPerSecond) >= 0.01 else { return }
        if !admission.observe { try await services.engine.control(saleID: status.id, .throttle(admitPerSecond: rate)) }
        let rising = rate > status.admitPerSecond
        let turned = memory.withLockedValue { memory in
            defer { memory.adaptiveRising[status.id] = rising }
            return memory.adaptiveRising[status.id] != rising
        }
        if turned {
            try await services.engine.audit(saleID: status.id, actor: "guard:admission", action: rising ? "raise" : "lower",
                                            detail: "admit_per_second \(status.admitPerSecond) -> \(rate): \(why)",
                                            result: admission.observe ? "dry_run" : "ok")
        }
    }

    /// Checks stock conservation of a sale at once (after a rollback or a refund), acting as the
    /// conservation guard would.
    static func checkConservation(services: ServerServices, saleID: String, logger: Logger) async throws {
        guard let status = try await services.engine.status(of: saleID) else { return }
        let inputs = try await GuardInputs(services: services).read(status: status, nowMs: nowMs(), unreachableAtMs: 0, vitals: false)
        try await GuardEvaluator(engine: services.engine, metrics: GuardMetrics(), logger: logger).evaluate(inputs, kinds: [.conservation], nowMs: nowMs())
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
