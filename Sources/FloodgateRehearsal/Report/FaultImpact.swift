import Histogram

/// One row of the guards-by-fault section: a fault's span (``FaultSpan`` gives the rule), what
/// the guards did about it, and the shoppers it affected, added up over every second of the run
/// the span overlaps.
public struct FaultImpact: Sendable, Encodable, Hashable {
    /// A short name of the fault, such as `payment 80% declined`.
    public var fault: String
    /// When it started and ended, in seconds from the start.
    public var startedAtSeconds: Double
    public var endedAtSeconds: Double
    /// The first guard that fired for it; nil when none did.
    public var guardResponse: GuardResponse?
    /// Answers 402 (payment declined).
    public var paymentDeclined: Int
    /// Answers 5xx but the deliberate 503s.
    public var serverErrors: Int
    /// Answers 503 `paused` or `overloaded` (the daemon's choice, with `Retry-After`).
    public var pausedOrShed: Int
    /// The p99 of the commit answers' latency (ms); nil when there were none.
    public var commitP99Ms: Double?
    /// Shoppers and bots who gave up after declined payments.
    public var cartsGivenUp: Int

    /// The row of `span`.
    /// - Parameters:
    ///   - timeline: the load recorder's seconds.
    ///   - guards: the guards' audit events, oldest first.
    init(span: FaultSpan, timeline: [LoadRecorder.Second], guards: [GuardEvent]) {
        let seconds = Self.overlapped(by: span, in: timeline)
        var commits = LoadRecorder.coarseHistogram()
        for second in seconds { commits.add(second.commitLatency) }
        fault = span.label
        startedAtSeconds = span.startedAtSeconds
        endedAtSeconds = span.endedAtSeconds
        guardResponse = GuardResponse(guards, span: span)
        paymentDeclined = seconds.reduce(0) { $0 + $1.paymentDeclined }
        serverErrors = seconds.reduce(0) { $0 + $1.serverErrors }
        pausedOrShed = seconds.reduce(0) { $0 + $1.pausedOrShed }
        commitP99Ms = commits.totalCount > 0 ? Double(commits.valueAtPercentile(99)) / 1_000 : nil
        cartsGivenUp = seconds.reduce(0) { $0 + $1.cartsGivenUp }
    }

    /// The seconds of `timeline` that overlap `span` (at least the one it starts in).
    static func overlapped(by span: FaultSpan, in timeline: [LoadRecorder.Second]) -> ArraySlice<LoadRecorder.Second> {
        let first = min(max(Int(span.startedAtSeconds.rounded(.down)), 0), timeline.count)
        let end = min(max(Int(span.endedAtSeconds.rounded(.up)), first + 1), timeline.count)
        return timeline[first..<end]
    }
}
