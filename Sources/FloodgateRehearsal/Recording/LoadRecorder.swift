import Histogram
import NIOCore

/// What the load generator sent and got back: latency histograms (HdrHistogram, microseconds)
/// and status codes per kind of call, transport failures, the time requests waited for a
/// connection, and a per-second timeline (what the guards-by-fault section adds up over a fault).
struct LoadRecorder: Sendable {
    /// One second of the run.
    struct Second: Sendable {
        var offered = 0
        var answered = 0
        /// 5xx answers but the deliberate ones below.
        var serverErrors = 0
        /// 503 answers the daemon chose, telling the client to come back: `paused` (the sale's
        /// kill switch or a guard) and `overloaded` (shed under load).
        var pausedOrShed = 0
        /// Answers 402 (payment declined), of any kind of call.
        var paymentDeclined = 0
        var transportFailures = 0
        /// Shoppers and bots who gave up after declined payments (outcome `payment_declined`).
        var cartsGivenUp = 0
        /// The latencies of the answers of this second, coarser than the per-kind ones.
        var latency = LoadRecorder.coarseHistogram()
        /// The latencies of this second's commit answers, as coarse.
        var commitLatency = LoadRecorder.coarseHistogram()
    }

    /// The largest latency recorded; longer ones are recorded as this.
    static let highestMicroseconds: UInt64 = 300_000_000

    private(set) var latency: [CallKind: Histogram<UInt64>] = [:]
    private(set) var statuses: [CallKind: [Int: Int]] = [:]
    private(set) var failures: [CallKind: [TransportFailure: Int]] = [:]
    /// From asking to send a request to writing it on a connection.
    private(set) var connectionWait = LoadRecorder.histogram()
    private(set) var timeline: [Second] = []
    private(set) var offered = 0
    private(set) var answered = 0
    /// Answers by daemon (its index among the targets).
    private(set) var answersByDaemon: [Int] = []
    let start: NIODeadline

    init(start: NIODeadline) {
        self.start = start
    }

    static func histogram() -> Histogram<UInt64> {
        Histogram(highestTrackableValue: highestMicroseconds, numberOfSignificantValueDigits: .three)
    }

    /// Two significant digits, for the timeline: about 24 kB each.
    static func coarseHistogram() -> Histogram<UInt64> {
        Histogram(highestTrackableValue: highestMicroseconds, numberOfSignificantValueDigits: .two)
    }

    /// A request asked for at `time`.
    mutating func recordOffered(at time: NIODeadline) {
        offered += 1
        timeline[second(of: time)].offered += 1
    }

    /// A request's outcome, at `now`.
    mutating func record(_ kind: CallKind, _ outcome: LoadOutcome, issuedAt: NIODeadline, now: NIODeadline) {
        let index = second(of: now)
        switch outcome {
        case .answered(let response):
            answered += 1
            timeline[index].answered += 1
            while answersByDaemon.count <= response.daemon { answersByDaemon.append(0) }
            answersByDaemon[response.daemon] += 1
            if response.status >= 500 {
                if response.isDeliberate { timeline[index].pausedOrShed += 1 } else { timeline[index].serverErrors += 1 }
            }
            if response.status == 402 { timeline[index].paymentDeclined += 1 }
            statuses[kind, default: [:]][response.status, default: 0] += 1
            latency[kind, default: Self.histogram()].record(Self.microseconds(now - issuedAt))
            timeline[index].latency.record(Self.microseconds(now - issuedAt))
            if kind == .commit { timeline[index].commitLatency.record(Self.microseconds(now - issuedAt)) }
            connectionWait.record(Self.microseconds(response.sentAt - issuedAt))
        case .failed(.stopped):
            break
        case .failed(let failure):
            timeline[index].transportFailures += 1
            failures[kind, default: [:]][failure, default: 0] += 1
        }
    }

    /// A shopper (or bot) gave up after declined payments, at `time`.
    mutating func recordCartGivenUp(at time: NIODeadline) {
        timeline[second(of: time)].cartsGivenUp += 1
    }

    private static func microseconds(_ amount: TimeAmount) -> UInt64 {
        min(UInt64(max(amount.nanoseconds / 1_000, 0)), highestMicroseconds)
    }

    private mutating func second(of time: NIODeadline) -> Int {
        let index = max(0, Int((time - start).nanoseconds / 1_000_000_000))
        while timeline.count <= index { timeline.append(Second()) }
        return index
    }
}
