import Foundation

/// The per-run lines and the final table: medians over the valid runs, and the ratios
/// Floodgate / nginx.
enum PeerTable {
    static func line(round: Int, _ run: PeerRun) -> String {
        String(format: "  round %d %-22@ %@ %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  cpu %6.1f us/req  redis %5.1f us/req  machine busy %3.0f%%%@",
               round, run.call.route as NSString, run.side.rawValue as NSString, run.load.callsPerSecond, run.load.p50Milliseconds,
               run.load.p99Milliseconds, run.load.errors, run.serverMicros, run.redisMicros, run.machineBusy, (run.isValid ? "" : "  INVALID") as NSString)
    }

    static func table(_ runs: [PeerRun]) -> String {
        var lines = [
            "",
            "medians over the valid runs (at most 1% errors)",
            "call                     fg req/s  ng req/s  fg/ng   fg us/req  ng us/req  fg/ng   fg p99 ms  ng p99 ms  redis us/req fg/ng",
            String(repeating: "-", count: 122),
        ]
        for call in PeerCall.allCases {
            let fg = runs.filter { $0.call == call && $0.side == .floodgate && $0.isValid }
            let ng = runs.filter { $0.call == call && $0.side == .nginx && $0.isValid }
            guard !fg.isEmpty, !ng.isEmpty else {
                lines.append(call.route.padding(toLength: 24, withPad: " ", startingAt: 0) + " no valid run on both sides")
                continue
            }
            let fgRPS = fg.map(\.load.callsPerSecond).median, ngRPS = ng.map(\.load.callsPerSecond).median
            let fgCPU = fg.map(\.serverMicros).median, ngCPU = ng.map(\.serverMicros).median
            lines.append(call.route.padding(toLength: 24, withPad: " ", startingAt: 0) + String(
                format: " %8.0f  %8.0f  %5.2fx  %9.1f  %9.1f  %5.2fx  %9.2f  %9.2f  %5.1f / %5.1f",
                fgRPS, ngRPS, fgRPS / ngRPS, fgCPU, ngCPU, fgCPU / ngCPU,
                fg.map(\.load.p99Milliseconds).median, ng.map(\.load.p99Milliseconds).median,
                fg.map(\.redisMicros).median, ng.map(\.redisMicros).median))
        }
        lines.append("goals (issue 14): register/reserve fg/ng req/s >= 0.9x and us/req <= 1.5x; status and health us/req <= 2x; p99 < 10 ms")
        return lines.joined(separator: "\n")
    }
}
