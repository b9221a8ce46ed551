import FloodgateCore
import FloodgateEngine

/// Reads what one evaluation of a sale's guards needs: the definition, the plan, and the vitals.
struct GuardInputs: Sendable {
    let services: ServerServices

    /// How far back the vitals are read (seconds).
    static let history = GuardSettings.maxWindowSeconds + 1
    /// Payment outcomes older than this do not count (ms): a sale without payments for a minute
    /// has too few attempts for the payment guard, which then recovers.
    static let paymentHorizonMs: Int64 = 60_000

    /// The inputs for `status` at `nowMs`; records the sale's totals in this second's vitals first.
    /// - Parameters:
    ///   - unreachableAtMs: when this daemon last failed to reach Redis.
    ///   - vitals: whether to read the vitals (the conservation check alone needs none).
    func read(status: SaleStatus, nowMs: Int64, unreachableAtMs: Int64, vitals: Bool = true) async throws -> GuardEvaluator.Inputs {
        let engine = services.engine
        let definition = try await services.sale(status.id).definition
        let plan = try await engine.guardPlan(saleID: status.id, definition: definition)
        let counters = status.counters
        let totals = VitalsSecond.Totals(reserved: counters["reserved"] ?? 0, expired: counters["expired"] ?? 0)
        var seconds: [VitalsSecond] = []
        var outcomes: [Bool] = []
        if vitals {
            let current = nowMs / 1000
            try await engine.recordVitals(saleID: status.id, second: current, adds: [], sets: [("reserved", totals.reserved), ("expired", totals.expired)])
            outcomes = try await engine.paymentOutcomes(saleID: status.id, count: plan.guards[.paymentSuccess].window,
                                                        sinceMs: nowMs - Self.paymentHorizonMs)
            // The second just completed may still be missing other daemons' figures: start one before it.
            seconds = try await engine.vitals(saleID: status.id, seconds: (0..<Int64(Self.history)).map { current - 2 - $0 })
        }
        let picture = SaleVitals(seconds: seconds, totals: totals, paymentOutcomes: outcomes, redisUnreachable: nowMs - unreachableAtMs < 2_500,
                                 conservationViolations: status.conservationViolations)
        return GuardEvaluator.Inputs(status: status, definition: definition, plan: plan, vitals: picture)
    }
}
