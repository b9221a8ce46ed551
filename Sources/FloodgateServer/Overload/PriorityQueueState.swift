import DequeModule

/// The bookkeeping of ``RequestPriorityGate``, without locks or clocks, so it can be tested as is.
struct PriorityQueueState<Waiter> {
    /// What happens to an arriving request.
    enum Arrival {
        case admitted
        case queued
        case shed
    }

    /// A waiting request handed its answer: let in, or shed after waiting too long.
    struct Decision {
        let waiter: Waiter
        let requestClass: RequestClass
        let admitted: Bool
    }

    let limits: PriorityLimits
    private(set) var inProgress = 0
    private(set) var inProgressByClass = [Int](repeating: 0, count: RequestClass.allCases.count)
    /// When a request was last shed.
    private(set) var lastShed: ContinuousClock.Instant?
    private var waiting = [Deque<(waiter: Waiter, since: ContinuousClock.Instant)>](repeating: [], count: RequestClass.allCases.count)

    init(limits: PriorityLimits) {
        self.limits = limits
    }

    /// How many requests of `requestClass` wait.
    func waitingCount(_ requestClass: RequestClass) -> Int {
        waiting[requestClass.rawValue].count
    }

    /// Lets a request in if there is room under its class's ceiling and nobody of its class or a
    /// more important one waits.
    mutating func tryStart(_ requestClass: RequestClass) -> Bool {
        guard inProgress < limits.ceiling(requestClass),
            !RequestClass.allCases.contains(where: { $0 <= requestClass && !waiting[$0.rawValue].isEmpty })
        else { return false }
        start(requestClass)
        return true
    }

    /// A request arrives: let in, queued (then `waiter` is kept until ``finish(_:now:)`` decides), or shed.
    mutating func arrive(_ requestClass: RequestClass, waiter: Waiter, now: ContinuousClock.Instant) -> Arrival {
        if tryStart(requestClass) { return .admitted }
        guard waiting[requestClass.rawValue].count < limits.maxWaiting(requestClass) else {
            lastShed = now
            return .shed
        }
        waiting[requestClass.rawValue].append((waiter, now))
        return .queued
    }

    /// A request of `requestClass` was answered; returns the waiting requests whose turn it is
    /// (most important class first), and those shed for having waited too long.
    mutating func finish(_ requestClass: RequestClass, now: ContinuousClock.Instant) -> [Decision] {
        inProgress -= 1
        inProgressByClass[requestClass.rawValue] -= 1
        var decisions: [Decision] = []
        while let next = RequestClass.allCases.first(where: { !waiting[$0.rawValue].isEmpty }) {
            let head = waiting[next.rawValue].first!
            if now - head.since > limits.maxWait {
                waiting[next.rawValue].removeFirst()
                lastShed = now
                decisions.append(Decision(waiter: head.waiter, requestClass: next, admitted: false))
            } else if inProgress < limits.ceiling(next) {
                waiting[next.rawValue].removeFirst()
                start(next)
                decisions.append(Decision(waiter: head.waiter, requestClass: next, admitted: true))
            } else {
                break  // the ceilings shrink with the class: no less important waiter fits either
            }
        }
        return decisions
    }

    /// Whether requests wait now, or one was shed within the limits' pressure window.
    func isUnderPressure(now: ContinuousClock.Instant) -> Bool {
        if let lastShed, now - lastShed < limits.pressureWindow { return true }
        return waiting.contains { !$0.isEmpty }
    }

    private mutating func start(_ requestClass: RequestClass) {
        inProgress += 1
        inProgressByClass[requestClass.rawValue] += 1
    }
}

extension PriorityQueueState: Sendable where Waiter: Sendable {}
