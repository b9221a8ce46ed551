import FloodgateCore
import Foundation
import Histogram

/// Puts a run's figures and checks together into its ``RehearsalReport``.
struct ReportBuilder {
    let profilePath: String
    let profile: RehearsalProfile
    let plan: SalePlan
    let targets: [TargetAddress]
    let workDirectory: String?
    let startedAt: Date
    let result: SimulationResult
    let snapshot: RedisSnapshot
    let faults: [FaultRecord]
    /// The guards' audit events, oldest first.
    let guards: [GuardEvent]
    /// The lottery seed's SHA-256 as published when the sale was created.
    let commitment: String?
    let signedWithDaemonKey: Bool
    /// Whether missed latency budgets and 5xx answers fail the run.
    let strictBudgets: Bool

    func build() -> RehearsalReport {
        let observations = result.observations
        let latency = latencies()
        let budgets = LatencyBudget.allCases.map { budget in
            let p99 = latency[budget.rawValue]?.p99 ?? 0
            return BudgetCheck(group: budget.rawValue, budgetMs: budget.milliseconds, p99Ms: p99, met: p99 <= Double(budget.milliseconds))
        }
        let load = loadSection()
        var report = RehearsalReport(
            profile: profilePath, description: profile.description, saleID: plan.id, fairness: plan.definition.fairness.rawValue,
            targets: targets.map(\.description), workDirectory: workDirectory, startedAt: RFC3339.format(startedAt),
            durationSeconds: profile.durationSeconds, drainSeconds: profile.drainSeconds, ranSeconds: result.seconds,
            load: load, latency: latency, budgets: budgets, statusCodes: statusCodes(),
            funnel: FunnelSection(shoppers: observations.shoppers, bots: observations.bots,
                                  outcomes: Dictionary(uniqueKeysWithValues: observations.outcomes.map { ($0.key.rawValue, $0.value) }),
                                  daemonCounters: snapshot.counters.compactMapValues { Int($0) }),
            stock: StockCheck.evaluate(snapshot, skus: plan.skus),
            doubleSpend: OrderChecks.doubleSpends(snapshot, attacks: observations.attacks),
            forgery: OrderChecks.forgeries(observations, signedWithDaemonKey: signedWithDaemonKey),
            earlyCheckout: observations.attacks[.earlyCheckout] ?? AttackTally(),
            admission: AdmissionCheck.evaluate(observations, snapshot: snapshot, fairness: plan.definition.fairness, commitment: commitment),
            bots: OrderChecks.bots(snapshot, observations: observations),
            durability: OrderChecks.durability(snapshot, acknowledged: observations.acknowledged),
            faults: faults, anomalies: observations.anomalies, invariants: [], passed: false, guards: guards,
            guardsByFault: FaultSpan.spans(faults, baseline: profile.sale.payment, runEnd: result.seconds).map {
                FaultImpact(span: $0, timeline: result.recorder.timeline, guards: guards)
            }
        )
        report.invariants = Self.invariants(report) + (strictBudgets ? Self.budgetInvariants(report) : [])
        report.passed = report.invariants.allSatisfy(\.passed)
        return report
    }

    /// The invariants of DESIGN.md, each with what was found.
    static func invariants(_ report: RehearsalReport) -> [InvariantResult] {
        let stock = report.stock
        let spend = report.doubleSpend
        let forgery = report.forgery
        let early = report.earlyCheckout
        let admission = report.admission
        let lotteryHolds = admission.lottery.map { $0.seedMatchesCommitment && $0.positionsMatchingDraw == $0.observed && $0.uniform } ?? true
        return [
            InvariantResult(name: "no oversell", passed: stock.oversoldUnits == 0 && stock.violations.isEmpty,
                            detail: "\(stock.unitsSold) of \(stock.unitsOnSale) units sold, \(stock.oversoldUnits) oversold"
                                + (stock.violations.isEmpty ? "; stock conserved" : "; " + stock.violations.joined(separator: "; "))),
            InvariantResult(name: "no double spend", passed: spend.succeeded == 0,
                            detail: "\(spend.succeeded) of \(spend.attempts) attempts got through; \(spend.reservationsCommittedTwice) reservations committed twice, \(spend.reservationsChargedTwice) charged twice"),
            chargeInvariant(spend),
            InvariantResult(name: "forged tokens refused", passed: forgery.accepted == 0 && early.succeeded == 0,
                            detail: "\(forgery.accepted) of \(forgery.attempts) forged-token calls accepted; \(early.succeeded) of \(early.attempts) checkout calls before admission accepted"),
            InvariantResult(name: "fair admission", passed: admission.outOfOrder == 0 && lotteryHolds, detail: admissionDetail(admission)),
            InvariantResult(name: "nothing acknowledged lost", passed: report.durability.missingFromLedger == 0,
                            detail: "\(report.durability.missingFromLedger) of \(report.durability.acknowledgedCommits) acknowledged orders missing from the ledger"),
        ]
    }

    /// Every charge the gateway holds is an order in the ledger, or was refunded or voided.
    static func chargeInvariant(_ spend: DoubleSpendSection) -> InvariantResult {
        InvariantResult(name: "every charge has its order", passed: spend.chargesWithoutOrder == 0,
                        detail: "\(spend.chargesWithoutOrder) charges standing without an order, refund or void; "
                            + "\(spend.paymentsOpen) payment attempts still open after \(spend.secondsSettling.formatted(decimals: 1)) s")
    }

    private static func budgetInvariants(_ report: RehearsalReport) -> [InvariantResult] {
        [
            InvariantResult(name: "latency budgets", passed: report.budgets.allSatisfy(\.met),
                            detail: report.budgets.map { "\($0.group) p99 \($0.p99Ms.formatted(decimals: 1)) ms of \($0.budgetMs)" }.joined(separator: ", ")),
            InvariantResult(name: "no 5xx", passed: report.load.serverErrors == 0, detail: "\(report.load.serverErrors) answers 5xx"),
        ]
    }

    private static func admissionDetail(_ admission: AdmissionSection) -> String {
        var detail = "\(admission.outOfOrder) of \(admission.admissionsObserved) admissions out of order"
        if let lottery = admission.lottery {
            detail += "; lottery: seed \(lottery.seedMatchesCommitment ? "matches" : "does NOT match") its commitment, "
                + "\(lottery.positionsMatchingDraw) of \(lottery.observed) positions match the draw, "
                + "Spearman p \(lottery.spearmanPValue.formatted(decimals: 3)), chi-square p \(lottery.chiSquarePValue.formatted(decimals: 3))"
        }
        return detail
    }

    private func latencies() -> [String: LatencyFigures] {
        var figures: [String: LatencyFigures] = [:]
        for (kind, histogram) in result.recorder.latency { figures[kind.rawValue] = Self.figures(histogram) }
        for budget in LatencyBudget.allCases {
            var merged = LoadRecorder.histogram()
            for kind in budget.kinds { if let histogram = result.recorder.latency[kind] { merged.add(histogram) } }
            figures[budget.rawValue] = Self.figures(merged)
        }
        return figures
    }

    static func figures(_ histogram: Histogram<UInt64>) -> LatencyFigures {
        func ms(_ microseconds: UInt64) -> Double { Double(microseconds) / 1_000 }
        return LatencyFigures(count: Int(histogram.totalCount), p50: ms(histogram.valueAtPercentile(50)), p95: ms(histogram.valueAtPercentile(95)),
                              p99: ms(histogram.valueAtPercentile(99)), max: ms(histogram.max))
    }

    private func loadSection() -> LoadSection {
        let recorder = result.recorder
        let seconds = max(result.seconds, 0.001)
        var failures: [String: Int] = [:]
        for byFailure in recorder.failures.values {
            for (failure, count) in byFailure { failures[failure.rawValue, default: 0] += count }
        }
        return LoadSection(
            offeredPerSecond: Double(recorder.offered) / seconds, achievedPerSecond: Double(recorder.answered) / seconds,
            peakOfferedPerSecond: recorder.timeline.map(\.offered).max() ?? 0, peakAchievedPerSecond: recorder.timeline.map(\.answered).max() ?? 0,
            requests: recorder.offered, answers: recorder.answered, answersByDaemon: recorder.answersByDaemon, serverErrors: recorder.timeline.reduce(0) { $0 + $1.serverErrors },
            pausedOrShed: recorder.timeline.reduce(0) { $0 + $1.pausedOrShed },
            transportFailures: failures, connectionWait: Self.figures(recorder.connectionWait), peakConnectionWaiting: result.peakConnectionWaiting,
            connectionsPerDaemon: profile.connections,
            timeline: recorder.timeline.map {
                [$0.offered, $0.answered, $0.serverErrors, $0.transportFailures, Int(($0.latency.valueAtPercentile(99) + 500) / 1_000)]
            }
        )
    }

    private func statusCodes() -> [String: [String: Int]] {
        var codes: [String: [String: Int]] = [:]
        for kind in CallKind.allCases {
            var counts: [String: Int] = [:]
            for (status, count) in result.recorder.statuses[kind] ?? [:] { counts[String(status)] = count }
            for (failure, count) in result.recorder.failures[kind] ?? [:] { counts[failure.rawValue] = count }
            if !counts.isEmpty { codes[kind.rawValue] = counts }
        }
        return codes
    }
}
