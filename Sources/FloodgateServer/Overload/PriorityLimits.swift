/// How many requests the daemon works on at once, and how each class shares that.
///
/// A request of a class is let in while fewer than the class's ceiling are in progress in all
/// (every class counted) and no request of its class or a more important one waits: checkout may
/// fill the whole capacity, status polls three quarters, registrations half. So when checkout
/// traffic takes the daemon's capacity, registrations wait first, then polls, while checkout still
/// gets in; and registrations never hold more than half the slots (nor of Redis' queue).
///
/// | class | ceiling (in progress, all classes) | may wait |
/// |---|---|---|
/// | checkout | capacity | 16 × capacity |
/// | status | 3/4 × capacity | 4 × capacity |
/// | register (and the page) | 1/2 × capacity | 4 × capacity |
///
/// What a shed request gets: a page load or registration from a browser (`Accept: text/html`)
/// the "high demand" page with 503 and `Retry-After` of ``pageRetryAfterSeconds`` (± 2 s, so
/// the crowd does not come back at once); any other request 503 `overloaded` with `Retry-After`
/// of ``retryAfterSeconds``. While the daemon is under pressure (a request waited or was shed in
/// the last ``pressureWindow``), status answers stretch `poll_after_ms` (``stretchedPollMs(_:)``).
struct PriorityLimits: Sendable, Equatable {
    /// Requests in progress at once, every class counted (in progress: let in, not yet answered).
    let capacity: Int
    /// A request that waited longer than this is shed when its turn comes instead of served:
    /// its caller has likely given up.
    var maxWait: Duration = .seconds(2)
    /// The `Retry-After` (seconds) given with a shed request.
    var retryAfterSeconds = 1

    /// The `Retry-After` (seconds) of the "high demand" page, the middle of a ± 2 s spread.
    var pageRetryAfterSeconds = 10
    /// How long after a request waited or was shed the daemon counts as under pressure.
    var pressureWindow: Duration = .seconds(5)
    /// Status polls under pressure come back this many times later...
    var pollStretchFactor = 4
    /// ... and within these bounds (ms).
    var stretchedPollRange = 10_000...60_000

    /// A status answer's `poll_after_ms` while under pressure.
    func stretchedPollMs(_ pollAfterMs: Int) -> Int {
        min(max(pollAfterMs.multipliedReportingOverflow(by: pollStretchFactor).partialValue, stretchedPollRange.lowerBound), stretchedPollRange.upperBound)
    }

    /// The default capacity: far above what two cores serve at once, so the gate only acts
    /// under overload.
    static let defaultCapacity = 256

    init(capacity: Int = defaultCapacity) {
        precondition(capacity > 0, "the capacity must be positive")
        self.capacity = capacity
    }

    /// The most requests in progress at which a request of `requestClass` is still let in.
    func ceiling(_ requestClass: RequestClass) -> Int {
        switch requestClass {
        case .checkout: capacity
        case .status: max(1, capacity * 3 / 4)
        case .register: max(1, capacity / 2)
        }
    }

    /// How many requests of `requestClass` may wait for a slot; one more is shed at once.
    func maxWaiting(_ requestClass: RequestClass) -> Int {
        requestClass == .checkout ? 16 * capacity : 4 * capacity
    }
}
