extension RehearsalReport {
    /// The report as text for the terminal: one block per topic, the invariants last.
    public var table: String {
        var lines = [
            "Floodgate rehearsal \(profile)", "  sale \(saleID) (\(fairness)) on \(targets.joined(separator: ", "))"
                + ", \(durationSeconds.formatted(decimals: 0)) s + \(drainSeconds.formatted(decimals: 0)) s drain, ran \(ranSeconds.formatted(decimals: 1)) s",
        ]
        if let workDirectory { lines.append("  logs and data in \(workDirectory)") }
        lines += loadLines + latencyLines + statusLines + funnelLines + stockLines + attackLines + admissionLines + faultLines + guardLines + Self.guardsByFaultLines(guardsByFault) + anomalyLines
        lines.append("Invariants")
        for invariant in invariants {
            lines.append("  \(invariant.passed ? "ok  " : "FAIL") \(Self.pad(invariant.name, 26)) \(invariant.detail)")
        }
        lines.append(passed ? "PASSED" : "FAILED")
        return lines.joined(separator: "\n")
    }

    private var loadLines: [String] {
        let failures = load.transportFailures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return [
            "Load",
            "  offered \(load.offeredPerSecond.formatted(decimals: 0)) req/s (peak \(load.peakOfferedPerSecond)), achieved \(load.achievedPerSecond.formatted(decimals: 0)) req/s (peak \(load.peakAchievedPerSecond))",
            "  \(load.requests) requests, \(load.answers) answers (by daemon: \(load.answersByDaemon.map(String.init).joined(separator: ", "))), \(load.serverErrors) 5xx, \(load.pausedOrShed) 503 paused or shed, no answer: \(failures.isEmpty ? "0" : failures)",
            "  waiting for a connection: p99 \(load.connectionWait.p99.formatted(decimals: 1)) ms, at most \(load.peakConnectionWaiting) requests (\(load.connectionsPerDaemon) connections a daemon)",
        ]
    }

    private var latencyLines: [String] {
        var lines = ["Latency (ms)        count      p50      p95      p99      max   budget"]
        let budgetOf = Dictionary(uniqueKeysWithValues: budgets.map { ($0.group, $0) })
        for name in CallKind.allCases.map(\.rawValue) + LatencyBudget.allCases.map(\.rawValue) {
            guard let figures = latency[name], figures.count > 0 else { continue }
            let numbers = [figures.p50, figures.p95, figures.p99, figures.max].map { Self.pad($0.formatted(decimals: 1), 9, right: true) }.joined()
            var line = "  \(Self.pad(name, 12))\(Self.pad(String(figures.count), 11, right: true))\(numbers)"
            if let budget = budgetOf[name] { line += "  \(Self.pad(String(budget.budgetMs), 6, right: true)) \(budget.met ? "met" : "MISSED")" }
            lines.append(line)
        }
        return lines
    }

    private var statusLines: [String] {
        ["Answers", "  " + answersByStatus.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "  ")]
    }

    private var funnelLines: [String] {
        func line(_ name: String, _ funnel: Funnel) -> String {
            "  \(Self.pad(name, 9)) arrived \(funnel.arrived) → registered \(funnel.registered) → admitted \(funnel.admitted) → reserved \(funnel.reserved)"
                + " → committed \(funnel.committed); cancelled \(funnel.cancelled), declined \(funnel.paymentDeclined), rate limited \(funnel.rateLimited)"
        }
        let outcomes = funnel.outcomes.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return ["Funnel", line("shoppers", funnel.shoppers), line("bots", funnel.bots), "  visits ended: \(outcomes)"]
    }

    private var stockLines: [String] {
        var lines = ["Stock (from Redis)"]
        for sku in stock.skus {
            lines.append("  \(Self.pad(sku.sku, 12)) initial \(sku.initial) + added \(sku.added) = available \(sku.available) + reserved \(sku.reserved) + sold \(sku.sold) (ledger \(sku.ledgerSold))")
        }
        lines.append("  \(stock.unitsSold) of \(stock.unitsOnSale) units sold, oversold \(stock.oversoldUnits)")
        return lines
    }

    private var attackLines: [String] {
        [
            "Attacks",
            "  double spends   \(doubleSpend.succeeded) of \(doubleSpend.attempts) got through; reservations committed twice \(doubleSpend.reservationsCommittedTwice), charged twice \(doubleSpend.reservationsChargedTwice), charges without order \(doubleSpend.chargesWithoutOrder)",
            "  payments        \(doubleSpend.paymentsOpenAtDrain) attempts open at the drain, \(doubleSpend.paymentsOpen) after waiting \(doubleSpend.secondsSettling.formatted(decimals: 1)) s for them to settle",
            "  forged tokens   \(forgery.accepted) of \(forgery.attempts) accepted\(forgery.signedWithDaemonKey ? " (expired and foreign ones signed with the daemons' key)" : ""); genuine tokens refused \(forgery.genuineTokensRefused)",
            "  early checkout  \(earlyCheckout.succeeded) of \(earlyCheckout.attempts) accepted",
            "  bots            \(bots.identities) identities, \(bots.registered) registered, \(bots.rateLimited) answers 429, \(bots.unitsBought) units bought (\((bots.shareOfUnits * 100).formatted(decimals: 1))% of sold, \((bots.shareOfIdentities * 100).formatted(decimals: 1))% of identities)",
            "  bot defense     bots flagged \(bots.botsFlagged), held \(bots.botsHeld), evicted \(bots.botsEvicted); shoppers flagged \(bots.humansFlagged), held \(bots.humansHeld), evicted \(bots.humansEvicted)"
                + (bots.secondsToHoldP50.map { "; arrival to hold p50 \($0.formatted(decimals: 2)) s, max \((bots.secondsToHoldMax ?? 0).formatted(decimals: 2)) s" } ?? ""),
        ]
    }

    private var admissionLines: [String] {
        var lines = [
            "Admission (\(admission.fairness))",
            "  \(admission.admissionsObserved) admissions seen, \(admission.outOfOrder) out of order (\((admission.outOfOrderShare * 100).formatted(decimals: 2))%):"
                + " ahead of cursor \(admission.admittedAheadOfCursor), behind cursor \(admission.waitingBehindCursor), position not ticket \(admission.positionNotTicket),"
                + " revoked \(admission.admissionRevoked), registration inversions \(admission.registrationInversions)",
        ]
        if let lottery = admission.lottery {
            lines.append("  lottery: \(lottery.drawCount) drawn, \(lottery.observed) seen, seed \(lottery.seedMatchesCommitment ? "matches" : "does NOT match") its commitment,"
                + " \(lottery.positionsMatchingDraw) positions match the draw; Spearman rho \(lottery.spearmanRho.formatted(decimals: 3)) (p \(lottery.spearmanPValue.formatted(decimals: 3))),"
                + " chi-square \(lottery.chiSquare.formatted(decimals: 1)) (p \(lottery.chiSquarePValue.formatted(decimals: 3)))")
        }
        lines.append("Durability: \(durability.acknowledgedCommits) acknowledged orders, \(durability.missingFromLedger) missing from the ledger")
        return lines
    }

    private var faultLines: [String] {
        guard !faults.isEmpty else { return [] }
        return ["Faults"] + faults.map { fault in
            "  \(Self.pad(fault.startedAtSeconds.formatted(decimals: 1) + " s", 8)) \(fault.fault): \(fault.result.done ? "" : "NOT DONE: ")\(fault.result.detail)"
        }
    }

    /// What the guards did, to read against the faults' times above.
    private var guardLines: [String] {
        guard !guards.isEmpty else { return [] }
        return ["Guards"] + guards.map { event in
            "  \(Self.pad(event.atSeconds.formatted(decimals: 0) + " s", 8)) \(event.actor) \(event.action): \(event.detail) (\(event.result))"
        }
    }

    private var anomalyLines: [String] {
        guard !anomalies.isEmpty else { return [] }
        return ["Anomalies (answers no well-behaved shopper should get)", "  " + anomalies.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")]
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }
}
