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
/// A shed page load or registration from a browser gets the waiting room's "high demand" page
/// instead (``HighDemandPages``); while the gate is under pressure, status answers stretch their
/// `poll_after_ms` (``stretchedPoll(_:)``). See ``PriorityLimits`` for the figures.
///
/// Metrics: `floodgate_requests_queued_total{class}`, `floodgate_requests_shed_total{class}`,
/// `floodgate_requests_shed_pages_total` (shed requests answered with the page) and
/// `floodgate_status_polls_stretched_total`. Shed requests are also counted per second in the
/// daemon's ``TrafficStats``, from which the `overload` guard raises the war room's alert.
final class RequestPriorityGate: Sendable {
    /// The limits the gate was made with.
    let limits: PriorityLimits
    private let state: NIOLockedValueBox<PriorityQueueState<CheckedContinuation<Bool, Never>>>
    private let queued: [Counter]
    private let shed: [Counter]
    private let shedPages = Counter(label: "floodgate_requests_shed_pages_total")
    private let stretched = Counter(label: "floodgate_status_polls_stretched_total")
    private let highDemand: HighDemandPages?
    private let traffic: TrafficStats?

    init(limits: PriorityLimits = PriorityLimits(), highDemand: HighDemandPages? = nil, traffic: TrafficStats? = nil) {
        self.limits = limits
        self.highDemand = highDemand
        self.traffic = traffic
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
                countShed(requestClass)
                continuation.resume(returning: false)
            }
        }
    }

    /// The answer to a shed request: for a page load or registration from a browser (it accepts
    /// `text/html`), the "high demand" page with 503 and `Retry-After`; else 503 `overloaded`
    /// with `Retry-After`.
    func shedReply(_ requestClass: RequestClass, head: HTTPRequest) -> JSONReply {
        if requestClass == .register, let highDemand, head.headerFields[.accept]?.contains("text/html") == true {
            shedPages.increment()
            return highDemand.reply(acceptLanguage: head.headerFields[.acceptLanguage], around: limits.pageRetryAfterSeconds)
        }
        var reply = APIError(status: 503, code: "overloaded",
                             message: "The sale is under very high demand; try again in \(limits.retryAfterSeconds) s.").reply()
        reply.headers[.retryAfter] = String(limits.retryAfterSeconds)
        return reply
    }

    /// A status answer's `poll_after_ms`: stretched while the gate is under pressure.
    func stretchedPoll(_ pollAfterMs: Int) -> Int {
        let now = ContinuousClock.now
        guard state.withLockedValue({ $0.isUnderPressure(now: now) }) else { return pollAfterMs }
        stretched.increment()
        return limits.stretchedPollMs(pollAfterMs)
    }

    /// The request has its answer: its slot goes to the next waiting request.
    func leave(_ requestClass: RequestClass) {
        let now = ContinuousClock.now
        let decisions = state.withLockedValue { $0.finish(requestClass, now: now) }
        for decision in decisions {
            if !decision.admitted { countShed(decision.requestClass) }
            decision.waiter.resume(returning: decision.admitted)
        }
    }

    private func countShed(_ requestClass: RequestClass) {
        shed[requestClass.rawValue].increment()
        traffic?.recordShed(className: requestClass.name)
    }
}
