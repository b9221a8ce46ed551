import FloodgateSystem
import Foundation

/// Starves a child process of CPU in short bursts: SIGSTOP for `stopped` out of every `every`,
/// for a while, as a noisy neighbour or a throttled container would. Every SIGSTOP is followed
/// by a SIGCONT on every path out of a burst (the end, a cancelled task), so the process is
/// always left running.
struct CPUStarvation: Sendable {
    /// How long the process is stopped in each burst.
    let stopped: Duration
    /// One burst starts this often (at least `stopped`).
    let every: Duration

    /// Starves `process` for `duration`; returns how many bursts it was stopped.
    func run(_ process: ChildProcess, for duration: Duration) async -> Int {
        let end = ContinuousClock.now + duration
        var bursts = 0
        while ContinuousClock.now < end, process.isRunning, !Task.isCancelled {
            let started = ContinuousClock.now
            await stop(process, for: min(stopped, end - started))
            bursts += 1
            try? await Task.sleep(until: min(started + every, end))
        }
        return bursts
    }

    /// One burst: stopped, then continued whatever happens while it waits.
    private func stop(_ process: ChildProcess, for length: Duration) async {
        process.signal(SIGSTOP)
        defer { process.signal(SIGCONT) }
        try? await Task.sleep(for: length)
    }
}
