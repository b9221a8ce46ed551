import Foundation

/// One workload measured two ways (a reference and a candidate), round by round.
struct BenchRow {
    let workload: String
    let reference: String
    let candidate: String
    var references: [LoadResult] = []
    var candidates: [LoadResult] = []

    init(workload: String, reference: String, candidate: String) {
        self.workload = workload
        self.reference = reference
        self.candidate = candidate
    }

    /// The medians of every row, with the candidate's calls/s over the reference's.
    static func table(_ rows: [BenchRow]) -> String {
        var lines = [
            "",
            "workload          tool                calls/s   p50 ms   p99 ms   errors   ratio",
            "----------------  ----------------  ---------  -------  -------  -------  ------",
        ]
        for row in rows {
            let reference = row.references.medians
            let candidate = row.candidates.medians
            lines.append(line(row.workload, row.reference, reference, ratio: 1))
            lines.append(line(row.workload, row.candidate, candidate, ratio: candidate.callsPerSecond / reference.callsPerSecond))
        }
        lines.append("(medians over the rounds; ratio = the second tool's calls/s / the first's)")
        return lines.joined(separator: "\n")
    }

    private static func line(_ name: String, _ tool: String, _ result: LoadResult, ratio: Double) -> String {
        name.padding(toLength: 16, withPad: " ", startingAt: 0) + "  "
            + tool.padding(toLength: 16, withPad: " ", startingAt: 0) + "  "
            + String(format: "%9.0f  %7.2f  %7.2f  %7d  %5.2fx", result.callsPerSecond, result.p50Milliseconds, result.p99Milliseconds, result.errors, ratio)
    }
}
