import FloodgateCore
import HTTPTypes
import Metrics
import NIOConcurrencyHelpers

/// Admission control for the shoppers' requests by class (``RequestClass``): checkout ahead of
/// status polls, polls ahead of registrations and page loads, within ``PriorityLimits``.
///
/// A request ``enter(_:)``s before its handler runs and ``leave(_:)``s when it has its answer.
/// While the daemon has room, entering is one lock and two counters. Past a class's ceiling the
/// request waits its turn (the most important class first, first come first served within a
/// class); past the class's waiting limit, or after waiting longer than ``PriorityLimits/maxWait``,
/// it is shed: its handler never runs and the caller gets 503 `overloaded` with `Retry-After`.
///
/// Metrics: `floodgate_requests_queued_total{class}` and `floodgate_requests_shed_total{class}`.
/// The load-shedding of the waiting page reuses this gate: a shed registration is where the page
/// answers "high demand" instead of the bare 503.
final class RequestPriorityGate: Sendable {
    /// The limits the gate was made with.
    let limits: PriorityLimits
    private let state: NIOLockedValueBox<PriorityQueueState<CheckedContinuation<Bool, Never>>>
    private let queued: [Counter]
    private let shed: [Counter]

    init(limits: PriorityLimits = PriorityLimits()) {
        self.limits = limits
        self.state = NIOLockedValueBox(PriorityQueueState(limits: limits))
        self.queued = RequestClass.allCases.map { Counter(label: "floodgate_requests_queued_total", dimensions: [("class", $0.name)]) }
        self.shed = RequestClass.allCases.map { Counter(label: "floodgate_requests_shed_total", dimensions: [("class", $0.name)]) }
    }

    /// Lets the request in when there is room and nobody of its class or a more important one
    /// waits; false otherwise, without queueing it (then do not ``leave(_:)``).
    func tryEnter(_ requestClass: RequestClass) -> Bool {
        state.withLockedValue { $0.tryStart(requestClass) }
    }

    /// Waits for the request's turn; false when it is shed instead (then do not ``leave(_:)``).
    func enter(_ requestClass: RequestClass) async -> Bool {
        // The common case, room to spare, needs no continuation.
        if tryEnter(requestClass) { return true }
        return await withCheckedContinuation { continuation in
            let now = ContinuousClock.now
            switch state.withLockedValue({ $0.arrive(requestClass, waiter: continuation, now: now) }) {
            case .admitted:
                continuation.resume(returning: true)
            case .queued:
                queued[requestClass.rawValue].increment()
            case .shed:
                shed[requestClass.rawValue].increment()
                continuation.resume(returning: false)
            }
        }
    }

    /// The answer to a shed request: 503 `overloaded` with `Retry-After`.
    func shedReply() -> JSONReply {
        var reply = APIError(status: 503, code: "overloaded",
                             message: "The sale is under very high demand; try again in \(limits.retryAfterSeconds) s.").reply()
        reply.headers[.retryAfter] = String(limits.retryAfterSeconds)
        return reply
    }

    /// The request has its answer: its slot goes to the next waiting request.
    func leave(_ requestClass: RequestClass) {
        let now = ContinuousClock.now
        let decisions = state.withLockedValue { $0.finish(requestClass, now: now) }
        for decision in decisions {
            if !decision.admitted { shed[decision.requestClass.rawValue].increment() }
            decision.waiter.resume(returning: decision.admitted)
        }
    }

}
