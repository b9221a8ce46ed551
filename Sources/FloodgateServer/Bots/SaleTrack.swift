import FloodgateEngine

/// One sale's sessions as one daemon saw them (a shard of them): the timing kept between polls
/// and what is pending for the next flush.
struct SaleTrack {
    struct Session {
        var lastAnswerMs: Int64 = 0
        var lastAskedMs = 0
        var admittedAtMs: Int64?
        var reserveSeen = false
        var polls = 0
        var early = 0
        var gaps = 0
        var gapSum = 0.0
        var gapSquares = 0.0
        var reserveDelayMs: Int?
        var earlyCheckouts = 0
        var pending = false
    }

    private var sessions: [String: Session] = [:]

    /// A poll is early when it comes before 97% of what the previous answer asked, less 20 ms.
    static func isEarly(gapMs: Int64, askedMs: Int) -> Bool {
        Double(gapMs) < Double(askedMs) * 0.97 - 20
    }

    mutating func polled(_ user: String, askedMs: Int, admitted: Bool, nowMs: Int64) {
        guard sessions[user] != nil || sessions.count < BotRecorder.maxSessions else { return }
        var session = sessions[user] ?? Session()
        if session.lastAnswerMs > 0 {
            let gap = nowMs - session.lastAnswerMs
            if Self.isEarly(gapMs: gap, askedMs: session.lastAskedMs) { session.early += 1 }
            session.gaps += 1
            session.gapSum += Double(gap)
            session.gapSquares += Double(gap) * Double(gap)
        }
        session.polls += 1
        session.lastAnswerMs = nowMs
        session.lastAskedMs = askedMs
        if admitted, session.admittedAtMs == nil { session.admittedAtMs = nowMs }
        session.pending = true
        sessions[user] = session
    }

    mutating func reserved(_ user: String, admittedSinceMs: Int64?, nowMs: Int64) {
        var session = sessions[user] ?? Session()
        guard !session.reserveSeen, let since = session.admittedAtMs ?? admittedSinceMs else { return }
        session.reserveSeen = true
        session.reserveDelayMs = Int(max(0, nowMs - since))
        session.pending = true
        sessions[user] = session
    }

    mutating func checkoutEarly(_ user: String) {
        sessions[user, default: Session()].earlyCheckouts += 1
        sessions[user]!.pending = true
    }

    /// The pending measurements, cleared.
    mutating func drain() -> [BotRecord] {
        var records: [BotRecord] = []
        for (user, session) in sessions where session.pending {
            if session.polls > 0 {
                records.append(.polls(user: user, count: session.polls, early: session.early, gaps: session.gaps,
                                      gapSum: session.gapSum, gapSquares: session.gapSquares))
            }
            if let delay = session.reserveDelayMs { records.append(.reserve(user: user, delayMs: delay)) }
            if session.earlyCheckouts > 0 { records.append(.earlyCheckout(user: user, count: session.earlyCheckouts)) }
            var cleared = session
            (cleared.polls, cleared.early, cleared.gaps, cleared.gapSum, cleared.gapSquares) = (0, 0, 0, 0, 0)
            (cleared.reserveDelayMs, cleared.earlyCheckouts, cleared.pending) = (nil, 0, false)
            sessions[user] = cleared
        }
        return records
    }
}
