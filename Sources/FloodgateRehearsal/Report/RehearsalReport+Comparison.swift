extension RehearsalReport {
    /// Answers by status over every kind of call.
    var answersByStatus: [String: Int] {
        var totals: [String: Int] = [:]
        for counts in statusCodes.values { for (status, count) in counts { totals[status, default: 0] += count } }
        return totals
    }

    /// Two runs side by side (such as `guards.json` enforcing and `guards-observe.json` observing
    /// the same faults): the shoppers affected over the whole run (402 answers, 5xx answers, carts
    /// that expired or were given up after declined payments), what they bought, and what the
    /// guards did; then the shoppers affected during each fault.
    /// - Returns: the comparison as text for the terminal.
    public static func comparison(_ first: RehearsalReport, _ second: RehearsalReport) -> String {
        let rows: [(String, (RehearsalReport) -> String)] = [
            ("402 answers (payment declined)", { String($0.answersByStatus["402"] ?? 0) }),
            ("5xx answers", { String($0.load.serverErrors) }),
            ("503 paused or shed (Retry-After)", { String($0.load.pausedOrShed) }),
            ("expired carts", { String($0.funnel.daemonCounters["expired"] ?? 0) }),
            ("carts given up after declines", { String($0.funnel.outcomes[ShopperOutcome.paymentDeclined.rawValue] ?? 0) }),
            ("shoppers who bought", { String($0.funnel.shoppers.committed) }),
            ("units sold", { String($0.stock.unitsSold) }),
            ("guard events (fire/step/recover)", { report in
                let events = report.guards.filter { $0.actor != "guard:admission" }
                let dryRun = events.filter { $0.result == "dry_run" }.count
                return "\(events.count)" + (dryRun > 0 ? " (\(dryRun) dry run)" : "")
            }),
            ("invariants", { $0.passed ? "passed" : "FAILED" }),
        ]
        let width = max(first.profile.count, 24)
        var lines = ["Compared: shoppers affected", "  " + pad("", 34) + pad(first.profile, width) + "  " + second.profile]
        for (name, value) in rows {
            lines.append("  " + pad(name, 34) + pad(value(first), width) + "  " + value(second))
        }
        lines += comparedByFaultLines(first.guardsByFault, second.guardsByFault, profiles: (first.profile, second.profile))
        return lines.joined(separator: "\n")
    }
}
