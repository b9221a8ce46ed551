import FloodgateSystem
import Foundation
import Testing

@testable import FloodgateRehearsal

@Suite("starve_daemon: CPU starvation in bursts always leaves the process running")
struct CPUStarvationTests {
    @Test("bursts of SIGSTOP for the fault's duration, the process continued at the end")
    func burstsThenRunning() async throws {
        try await withSleeper { process in
            let starvation = CPUStarvation(stopped: .milliseconds(300), every: .milliseconds(500))
            let bursts = await starvation.run(process, for: .milliseconds(1_200))
            #expect(bursts >= 2)
            #expect(process.isRunning)
            #expect(["R", "S"].contains(Self.state(process)))
        }
    }

    @Test("a fault cancelled while the process is stopped continues it")
    func cancelledWhileStopped() async throws {
        try await withSleeper { process in
            let starvation = CPUStarvation(stopped: .seconds(30), every: .seconds(31))
            let task = Task { await starvation.run(process, for: .seconds(60)) }
            var stopped = false
            for _ in 0..<100 where !stopped {
                stopped = Self.state(process) == "T"
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(stopped)
            task.cancel()
            #expect(await task.value == 1)
            #expect(process.isRunning)
            #expect(["R", "S"].contains(Self.state(process)))
        }
    }

    /// Runs `body` with a `sleep 120` child, killed by its PID afterwards.
    private func withSleeper(_ body: (ChildProcess) async throws -> Void) async throws {
        let process = try await ChildProcess.spawn(["/bin/sleep", "120"])
        defer { process.signal(SIGKILL) }
        try await body(process)
    }

    /// The process's state letter from `/proc/<pid>/stat` (`S` sleeping, `T` stopped, ...); `?` when unreadable.
    private static func state(_ process: ChildProcess) -> String {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.pid)/stat", encoding: .utf8), let name = stat.range(of: ") ") else { return "?" }
        return String(stat[name.upperBound...].prefix(1))
    }
}
