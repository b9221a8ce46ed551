/// The guards-by-fault section as text: alone in a report's table, and two runs side by side in
/// the comparison.
extension RehearsalReport {
    private static let faultColumns: [(title: String, width: Int, right: Bool)] = [
        ("fault", 24, false), ("span", 13, false), ("guard", 18, false), ("acted", 6, false), ("what", 34, false),
        ("recovered", 10, false), ("402s", 6, true), ("5xx", 6, true), ("503 paused", 11, true), ("commit p99", 12, true), ("carts given up", 16, true),
    ]
    private static let comparedColumns: [(title: String, width: Int, right: Bool)] = [
        ("fault", 24, false), ("402s", 14, true), ("5xx", 10, true), ("503 paused", 14, true), ("commit p99", 20, true), ("carts given up", 18, true),
    ]

    /// One row a fault: its span, the first guard that fired for it, what that guard did, when the
    /// guards recovered after the fault's end, and the shoppers affected during it.
    static func guardsByFaultLines(_ impacts: [FaultImpact]) -> [String] {
        guard !impacts.isEmpty else { return [] }
        return ["Guards by fault (acted: after the fault's start; recovered: after its end)", row(faultColumns.map(\.title), faultColumns)]
            + impacts.map { row(cells($0), faultColumns) }
    }

    /// The shoppers affected during each fault in two runs of the same faults (`profiles`), as
    /// `first | second`; a fault the second run does not have at the same place shows `—` there.
    static func comparedByFaultLines(_ first: [FaultImpact], _ second: [FaultImpact], profiles: (String, String)) -> [String] {
        guard !first.isEmpty else { return [] }
        let header = "Compared by fault: shoppers affected during each (\(profiles.0) | \(profiles.1))"
        return [header, row(comparedColumns.map(\.title), comparedColumns)] + first.enumerated().map { index, impact in
            let other = second.indices.contains(index) ? second[index] : nil
            return row(comparedCells(impact, other?.fault == impact.fault ? other : nil), comparedColumns)
        }
    }

    private static func cells(_ impact: FaultImpact) -> [String] {
        let response = impact.guardResponse
        return [
            impact.fault, "\(impact.startedAtSeconds.formatted(decimals: 1))-\(impact.endedAtSeconds.formatted(decimals: 1)) s",
            response.map { String($0.actor.trimmingPrefix("guard:")) } ?? "—", response.map { signedSeconds($0.actedAfterSeconds) } ?? "—",
            response?.effect ?? "—", response.map { $0.recoveredAfterSeconds.map(signedSeconds) ?? "not by end" } ?? "—",
            String(impact.paymentDeclined), String(impact.serverErrors), String(impact.pausedOrShed), milliseconds(impact.commitP99Ms),
            String(impact.cartsGivenUp),
        ]
    }

    private static func comparedCells(_ first: FaultImpact, _ second: FaultImpact?) -> [String] {
        func pair(_ value: (FaultImpact) -> String) -> String { value(first) + " | " + (second.map(value) ?? "—") }
        return [
            first.fault, pair { String($0.paymentDeclined) }, pair { String($0.serverErrors) }, pair { String($0.pausedOrShed) },
            pair { milliseconds($0.commitP99Ms) }, pair { String($0.cartsGivenUp) },
        ]
    }

    private static func row(_ cells: [String], _ columns: [(title: String, width: Int, right: Bool)]) -> String {
        "  " + zip(cells, columns).map { pad($0, $1.width, right: $1.right) }.joined(separator: " ")
    }

    private static func signedSeconds(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return (whole < 0 ? "" : "+") + "\(whole) s"
    }

    private static func milliseconds(_ value: Double?) -> String {
        value.map { "\($0.formatted(decimals: 0)) ms" } ?? "—"
    }
}
