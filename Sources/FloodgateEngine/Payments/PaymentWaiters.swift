import Synchronization

/// The payment attempts this process is paying for right now, so that a concurrent commit of
/// the same reservation or Idempotency-Key waits for the outcome here instead of polling Redis.
final class PaymentWaiters: Sendable {
    private struct State {
        var waiters: [String: [Int: CheckedContinuation<Bool, Never>]] = [:]
        var nextToken = 0
    }

    private let state = Mutex(State())

    /// How many commits of this process are between their start and their payment's end.
    var count: Int {
        state.withLock { $0.waiters.count }
    }

    /// Marks `attempt` as being paid for by this process.
    func begin(_ attempt: String) {
        state.withLock { $0.waiters[attempt] = [:] }
    }

    /// Marks `attempt` as settled here and wakes everyone waiting for it.
    func end(_ attempt: String) {
        let waiting = state.withLock { $0.waiters.removeValue(forKey: attempt) ?? [:] }
        for continuation in waiting.values { continuation.resume(returning: true) }
    }

    /// Waits until this process ends `attempt`, at most `limit`; returns at once when this
    /// process is not paying for it.
    /// - Returns: false when `limit` passed first (the attempt is still being paid for here).
    @discardableResult
    func wait(for attempt: String, atMost limit: Duration) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let token: Int? = state.withLock { state in
                guard state.waiters[attempt] != nil else { return nil }
                state.nextToken += 1
                state.waiters[attempt]![state.nextToken] = continuation
                return state.nextToken
            }
            guard let token else { return continuation.resume(returning: true) }
            Task {
                try? await Task.sleep(for: limit)
                self.giveUp(attempt, token: token)
            }
        }
    }

    private func giveUp(_ attempt: String, token: Int) {
        let continuation = state.withLock { $0.waiters[attempt]?.removeValue(forKey: token) }
        continuation?.resume(returning: false)
    }
}
