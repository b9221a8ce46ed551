import FloodgateSystem
import Foundation

/// An operator's shell command, for faults against daemons the run did not start.
enum ShellCommand {
    /// Runs `command` with `/bin/sh -c` and waits for it, at most `timeout`.
    /// - Returns: its exit code, or nil when it could not be started or took too long (then it is killed).
    static func run(_ command: String, environment: [String: String], timeout: Duration = .seconds(120)) async -> Int32? {
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        guard let process = try? await ChildProcess.spawn(["/bin/sh", "-c", command], environment: merged) else { return nil }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard !process.isRunning else {
            process.signal(SIGKILL)
            await process.waitUntilExit()
            return nil
        }
        return process.exitCode
    }
}
