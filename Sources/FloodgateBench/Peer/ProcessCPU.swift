import Foundation

/// CPU time from `/proc`, in clock ticks (`CLK_TCK`, 100 a second here).
enum ProcessCPU {
    /// Microseconds per clock tick.
    static let microsPerTick = 1_000_000 / Double(sysconf(Int32(_SC_CLK_TCK)))

    /// User plus system time of the processes, summed.
    static func ticks(_ pids: [Int32]) -> Int {
        pids.reduce(0) { sum, pid in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = text.lastIndex(of: ")")
            else { return sum }
            let fields = text[text.index(after: close)...].split(separator: " ")
            // After the command: state is field 0, utime field 11, stime field 12.
            return sum + (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
        }
    }

    /// The machine's idle and total ticks so far (`/proc/stat`'s first line).
    static func machine() -> (idle: Int, total: Int) {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first
        else { return (0, 0) }
        let values = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard values.count >= 5 else { return (0, 0) }
        return (values[3] + values[4], values.reduce(0, +))
    }
}
