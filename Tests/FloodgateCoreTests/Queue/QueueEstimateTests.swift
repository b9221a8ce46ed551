import Testing

import FloodgateCore

@Suite("Queue estimates")
struct QueueEstimateTests {
    @Test("follows the documented formulas", arguments: [
        // position, admitted_through, rate, admitted, ahead, eta, poll
        (UInt64(1), UInt64(0), 50.0, false, UInt64(0), 1 as Int?, 1_000),
        (10, 10, 50, true, 0, 0, 5_000),
        (5, 100, 50, true, 0, 0, 5_000),
        (101, 100, 50, false, 0, 1, 1_000),
        (151, 100, 50, false, 50, 2, 1_000),
        (1_100, 100, 50, false, 999, 20, 5_000),
        (100_100, 100, 50, false, 99_999, 2_000, 30_000),
        (11, 0, 0.5, false, 10, 22, 5_500),
        (11, 0, 0, false, 10, nil, 10_000),
    ] as [(UInt64, UInt64, Double, Bool, UInt64, Int?, Int)])
    func formulas(position: UInt64, admittedThrough: UInt64, rate: Double, admitted: Bool, ahead: UInt64, eta: Int?, poll: Int) {
        let estimate = QueueEstimate(position: position, admittedThrough: admittedThrough, admitPerSecond: rate)
        #expect(estimate.isAdmitted == admitted)
        #expect(estimate.ahead == ahead)
        #expect(estimate.etaSeconds == eta)
        #expect(estimate.pollAfterMs == poll)
    }

    @Test("polls less often the farther from the front")
    func monotonic() {
        let polls = stride(from: UInt64(1), to: 1_000_000, by: 997).map {
            QueueEstimate(position: $0, admittedThrough: 0, admitPerSecond: 50).pollAfterMs
        }
        #expect(polls == polls.sorted())
        #expect(polls.first == 1_000 && polls.last == 30_000)
    }

    @Test("caps the eta for huge queues")
    func cap() {
        let estimate = QueueEstimate(position: .max, admittedThrough: 0, admitPerSecond: 0.001)
        #expect(estimate.etaSeconds == 1_000_000_000)
        #expect(estimate.pollAfterMs == 30_000)
    }
}
