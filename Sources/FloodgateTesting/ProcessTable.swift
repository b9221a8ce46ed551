import Foundation

/// Reads `/proc` to find a process' children and whether a process is gone.
public enum ProcessTable {
    /// The pids whose parent is `pid`.
    public static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { stat($0)?.parent == pid }
    }

    /// Whether `pid` has ended: no such process, or a zombie waiting to be reaped.
    public static func isGone(_ pid: Int32) -> Bool {
        guard let stat = stat(pid) else { return true }
        return stat.state == "Z" || stat.state == "X"
    }

    /// Waits up to `seconds` for `pid` to end.
    public static func waitUntilGone(_ pid: Int32, seconds: Double = 5) async -> Bool {
        for _ in 0..<Int(seconds * 20) {
            if isGone(pid) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return isGone(pid)
    }

    private static func stat(_ pid: Int32) -> (state: Character, parent: Int32)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        return (state, parent)
    }
}
