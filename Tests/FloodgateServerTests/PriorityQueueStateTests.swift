@testable import FloodgateServer
import Testing

@Suite("Request priority gate: checkout ahead of status polls, polls ahead of registrations")
struct PriorityQueueStateTests {
    let start = ContinuousClock.now

    @Test("the ceilings and waiting limits follow the capacity")
    func limits() {
        let limits = PriorityLimits(capacity: 8)
        #expect([RequestClass.checkout, .status, .register].map(limits.ceiling) == [8, 6, 4])
        #expect([RequestClass.checkout, .status, .register].map(limits.maxWaiting) == [128, 32, 32])
        #expect(PriorityLimits(capacity: 1).ceiling(.register) == 1)
    }

    @Test("requests are let in up to their class's ceiling, then wait")
    func ceilings() {
        var state = PriorityQueueState<String>(limits: PriorityLimits(capacity: 4))
        #expect(state.arrive(.register, waiter: "r1", now: start) == .admitted)
        #expect(state.arrive(.register, waiter: "r2", now: start) == .admitted)
        #expect(state.arrive(.register, waiter: "r3", now: start) == .queued)
        #expect(state.arrive(.status, waiter: "s1", now: start) == .admitted)
        #expect(state.arrive(.status, waiter: "s2", now: start) == .queued)
        #expect(state.arrive(.checkout, waiter: "c1", now: start) == .admitted)
        #expect(state.arrive(.checkout, waiter: "c2", now: start) == .queued)
        #expect(state.inProgress == 4)
    }

    @Test("a freed slot goes to the most important waiting class first")
    func order() {
        var state = PriorityQueueState<String>(limits: PriorityLimits(capacity: 2))
        #expect(state.arrive(.checkout, waiter: "c1", now: start) == .admitted)
        #expect(state.arrive(.checkout, waiter: "c2", now: start) == .admitted)
        #expect(state.arrive(.register, waiter: "r1", now: start) == .queued)
        #expect(state.arrive(.status, waiter: "s1", now: start) == .queued)
        #expect(state.arrive(.checkout, waiter: "c3", now: start) == .queued)
        #expect(state.finish(.checkout, now: start).map(\.waiter) == ["c3"])
        // Status polls' ceiling is 1 (3/4 of 2): s1 waits while c3 is in progress.
        #expect(state.finish(.checkout, now: start).isEmpty)
        // Registrations' ceiling is 1 too: r1 waits while s1 is in progress.
        #expect(state.finish(.checkout, now: start).map(\.waiter) == ["s1"])
        #expect(state.finish(.status, now: start).map(\.waiter) == ["r1"])
        #expect(state.inProgressByClass == [0, 0, 1])
    }

    @Test("a class does not jump ahead of its own or a more important waiting class")
    func noOvertaking() {
        var state = PriorityQueueState<String>(limits: PriorityLimits(capacity: 2))
        _ = state.arrive(.checkout, waiter: "c1", now: start)
        _ = state.arrive(.checkout, waiter: "c2", now: start)
        #expect(state.arrive(.status, waiter: "s1", now: start) == .queued)
        _ = state.finish(.checkout, now: start)  // s1 in
        #expect(state.arrive(.register, waiter: "r1", now: start) == .queued)
        #expect(state.waitingCount(.register) == 1)
    }

    @Test("past the waiting limit a request is shed at once")
    func shedWhenFull() {
        var state = PriorityQueueState<Int>(limits: PriorityLimits(capacity: 1))
        #expect(state.arrive(.register, waiter: 0, now: start) == .admitted)
        for waiter in 1...4 { #expect(state.arrive(.register, waiter: waiter, now: start) == .queued) }
        #expect(state.arrive(.register, waiter: 5, now: start) == .shed)
        #expect(state.arrive(.checkout, waiter: 6, now: start) == .queued)
    }

    @Test("a request that waited past maxWait is shed when its turn comes, and the next one gets the slot")
    func shedAfterWaiting() {
        var state = PriorityQueueState<String>(limits: PriorityLimits(capacity: 1))
        _ = state.arrive(.status, waiter: "s0", now: start)
        _ = state.arrive(.status, waiter: "old", now: start)
        _ = state.arrive(.status, waiter: "new", now: start + .seconds(2))
        let decisions = state.finish(.status, now: start + .milliseconds(2_500))
        #expect(decisions.map(\.waiter) == ["old", "new"])
        #expect(decisions.map(\.admitted) == [false, true])
        #expect(state.inProgress == 1)
    }
}
