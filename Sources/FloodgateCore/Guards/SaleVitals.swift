/// One second of a sale's vital signs, summed over every daemon (kept in Redis, see
/// `vitals_record.lua`): HTTP answers and 5xx of the checkout and queue calls, the checkout and
/// Redis p99 (the largest any daemon measured that second), the requests the daemons' priority
/// gates shed by class (each daemon's whole traffic, whatever sale it was for), and the sale's running totals
/// (reservations, expiries) as the evaluating daemon read them.
public struct VitalsSecond: Sendable, Hashable {
    /// Unix seconds.
    public var second: Int64
    public var requests = 0
    public var serverErrors = 0
    public var checkoutCalls = 0
    public var checkoutP99Ms = 0.0
    public var redisCalls = 0
    public var redisP99Ms = 0.0
    /// Requests shed by the daemons' priority gates, by class (`checkout`, `status`, `register`).
    public var shed: [String: Int] = [:]
    /// The prefix of the shed counts' fields in the vitals (`shed_<class>`).
    public static let shedPrefix = "shed_"
    /// Running totals; nil when no daemon evaluated that second.
    public var totals: Totals?

    /// The sale's running totals at one second.
    public struct Totals: Sendable, Hashable {
        public var reserved: Int
        public var expired: Int

        /// Creates totals.
        public init(reserved: Int, expired: Int) {
            self.reserved = reserved
            self.expired = expired
        }
    }

    /// An empty second.
    public init(second: Int64) {
        self.second = second
    }
}

/// A sale's recent vital signs, newest second first, and what each guard reads from them.
public struct SaleVitals: Sendable, Hashable {
    /// Completed seconds of HTTP and Redis figures, newest first (the current second is not in).
    public var seconds: [VitalsSecond]
    /// The sale's totals now.
    public var totals: VitalsSecond.Totals
    /// The latest payment outcomes of the last minute, newest first (true: paid), as many as the payment guard's window.
    public var paymentOutcomes: [Bool]
    /// Whether the evaluating daemon could not reach Redis in its last round.
    public var redisUnreachable: Bool
    /// Stock conservation's violations now, one line each.
    public var conservationViolations: [String]

    /// Creates the picture.
    public init(seconds: [VitalsSecond], totals: VitalsSecond.Totals, paymentOutcomes: [Bool], redisUnreachable: Bool,
                conservationViolations: [String]) {
        self.seconds = seconds
        self.totals = totals
        self.paymentOutcomes = paymentOutcomes
        self.redisUnreachable = redisUnreachable
        self.conservationViolations = conservationViolations
    }

    /// What guard `kind` reads, with its settings.
    public func reading(_ kind: GuardKind, _ settings: GuardSettings) -> GuardReading {
        switch kind {
        case .paymentSuccess: paymentSuccess(settings)
        case .checkoutLatency: sustained("checkout p99", settings) { $0.checkoutCalls > 0 ? $0.checkoutP99Ms : nil }
        case .serverErrors: serverErrors(settings)
        case .redisLatency:
            redisUnreachable ? GuardReading(tripped: true, figure: "Redis unreachable")
                : sustained("Redis p99", settings) { $0.redisCalls > 0 ? $0.redisP99Ms : nil }
        case .expiryRate: expiryRate(settings)
        case .overload: overload(settings)
        case .conservation:
            GuardReading(tripped: !conservationViolations.isEmpty,
                         figure: conservationViolations.isEmpty ? "stock conserved" : conservationViolations.joined(separator: "; "))
        }
    }

    /// The totals' growth since the newest recorded second at or before `second`, and the seconds it spans.
    private func growth(since second: Int64) -> (VitalsSecond.Totals, Int)? {
        guard let past = seconds.first(where: { $0.second <= second && $0.totals != nil }), let then = past.totals else { return nil }
        return (VitalsSecond.Totals(reserved: totals.reserved - then.reserved, expired: totals.expired - then.expired),
                Int(seconds[0].second - past.second))
    }

    /// Success over the last `window` settled payment attempts (paid or declined) of the last
    /// minute; a run of ``recoveryStreak(_:)`` successes as the latest attempts clears it early,
    /// as a circuit breaker's half-open probes do, so that the recovery's hold-down starts when
    /// the provider answers again rather than once the window's failures have aged out (at a
    /// throttled rate that took 5 s and more).
    private func paymentSuccess(_ settings: GuardSettings) -> GuardReading {
        let recent = paymentOutcomes.prefix(settings.window)
        let attempts = recent.count
        let failures = recent.filter { !$0 }.count
        guard attempts > 0, attempts >= settings.minSamples else {
            return GuardReading(tripped: false, figure: "\(attempts) payment attempts (fewer than \(settings.minSamples))")
        }
        let success = max(0, Double(attempts - failures) / Double(attempts))
        let figure = "payment success \(percent(success)) over \(attempts) attempts (threshold \(percent(settings.threshold)))"
        let streak = recent.prefix { $0 }.count
        guard success < settings.threshold, streak < Self.recoveryStreak(settings) else {
            return GuardReading(tripped: false, figure: streak < attempts && success < settings.threshold ? figure + ", the latest \(streak) paid" : figure)
        }
        return GuardReading(tripped: true, figure: figure)
    }

    /// How many successes in a row, as the latest attempts, clear the payment guard's condition:
    /// half its minimum samples, at least 3.
    static func recoveryStreak(_ settings: GuardSettings) -> Int {
        max(3, settings.minSamples / 2)
    }

    /// Over the threshold in every one of the last `window` seconds that had traffic, with at
    /// least one such second; a second without traffic breaks the run.
    private func sustained(_ name: String, _ settings: GuardSettings, _ value: (VitalsSecond) -> Double?) -> GuardReading {
        let recent = seconds.prefix(settings.window)
        let values = recent.map(value)
        let over = recent.count == settings.window && values.allSatisfy { ($0 ?? 0) > settings.threshold }
        let latest = values.compactMap { $0 }.first.map { "\(Int($0.rounded())) ms" } ?? "no calls"
        return GuardReading(tripped: over, figure: "\(name) \(latest), over \(settings.threshold.plainText) ms for \(over ? settings.window : 0)s of \(settings.window)s")
    }

    private func serverErrors(_ settings: GuardSettings) -> GuardReading {
        let recent = seconds.prefix(settings.window)
        let requests = recent.reduce(0) { $0 + $1.requests }
        let errors = recent.reduce(0) { $0 + $1.serverErrors }
        guard requests > 0, requests >= settings.minSamples else {
            return GuardReading(tripped: false, figure: "\(requests) checkout and queue answers (fewer than \(settings.minSamples))")
        }
        let share = Double(errors) / Double(requests)
        return GuardReading(tripped: share > settings.threshold,
                            figure: "5xx \(percent(share)) of \(requests) answers in \(settings.window)s (threshold \(percent(settings.threshold)))")
    }

    private func expiryRate(_ settings: GuardSettings) -> GuardReading {
        guard let newest = seconds.first, let (grown, span) = growth(since: newest.second - Int64(settings.window)), span > 0 else {
            return GuardReading(tripped: false, figure: "no reservation history yet")
        }
        guard grown.reserved > 0, grown.reserved >= settings.minSamples else {
            return GuardReading(tripped: false, figure: "\(grown.reserved) reservations in \(span)s (fewer than \(settings.minSamples))")
        }
        let ratio = Double(grown.expired) / Double(grown.reserved)
        return GuardReading(tripped: ratio > settings.threshold,
                            figure: "\(grown.expired) expiries for \(grown.reserved) reservations in \(span)s (\(percent(ratio)), threshold \(percent(settings.threshold)))")
    }

    /// Requests shed over the last `window` seconds, at least `threshold` of them; the figure
    /// gives the count per class.
    private func overload(_ settings: GuardSettings) -> GuardReading {
        let recent = seconds.prefix(settings.window)
        let shed = recent.reduce(into: [String: Int]()) { total, second in total.merge(second.shed, uniquingKeysWith: +) }
        let count = shed.values.reduce(0, +)
        let classes = shed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return GuardReading(tripped: count > 0 && Double(count) >= settings.threshold,
                            figure: "\(count) requests shed in the last \(settings.window)s\(classes.isEmpty ? "" : " (\(classes))") (threshold \(settings.threshold.plainText))")
    }

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
