import FloodgateEngine

/// One sale's sessions as one daemon saw them (a shard of them): the timing kept between polls
/// and what is pending for the next flush.
///
/// Bounded: sessions live in two generations of at most `capacity / 2` each. A session touched
/// moves to the recent one; when the recent one is full it becomes the older one and the older
/// one is dropped (its pending measurements are kept as records for the next flush, up to
/// `capacity`), so the least recently seen sessions go first and every call is O(1) amortized.
/// A dropped session that polls again starts afresh: its next gap is not timed.
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
        /// ``FloodgateCore/TokenBinding/Drift`` bits seen since the last flush.
        var tokenMoves = 0
        var pending = false
        /// Status answers given to the session, over every flush (it starts afresh if dropped).
        var answered = 0
    }

    /// Sessions kept at most, over both generations.
    let capacity: Int
    private var recent: [String: Session] = [:]
    private var older: [String: Session] = [:]
    /// Pending measurements of dropped sessions.
    private var spilled: [BotRecord] = []

    init(capacity: Int) {
        self.capacity = max(2, capacity)
    }

    /// Sessions tracked now.
    var count: Int { recent.count + older.count }

    /// A poll is early when it comes before 97% of what the previous answer asked, less 20 ms.
    static func isEarly(gapMs: Int64, askedMs: Int) -> Bool {
        Double(gapMs) < Double(askedMs) * 0.97 - 20
    }

    mutating func polled(_ user: String, askedMs: Int, admitted: Bool, nowMs: Int64) {
        update(user) { session in
            if session.lastAnswerMs > 0 {
                let gap = nowMs - session.lastAnswerMs
                if Self.isEarly(gapMs: gap, askedMs: session.lastAskedMs) { session.early += 1 }
                session.gaps += 1
                session.gapSum += Double(gap)
                session.gapSquares += Double(gap) * Double(gap)
            }
            session.polls += 1
            session.answered += 1
            session.lastAnswerMs = nowMs
            session.lastAskedMs = askedMs
            if admitted, session.admittedAtMs == nil { session.admittedAtMs = nowMs }
            session.pending = true
        }
    }

    mutating func reserved(_ user: String, admittedSinceMs: Int64?, nowMs: Int64) {
        update(user) { session in
            guard !session.reserveSeen, let since = session.admittedAtMs ?? admittedSinceMs else { return }
            session.reserveSeen = true
            session.reserveDelayMs = Int(max(0, nowMs - since))
            session.pending = true
        }
    }

    mutating func checkoutEarly(_ user: String) {
        update(user) { session in
            session.earlyCheckouts += 1
            session.pending = true
        }
    }

    mutating func tokenMoved(_ user: String, drift: Int) {
        update(user) { session in
            guard session.tokenMoves | drift != session.tokenMoves else { return }
            session.tokenMoves |= drift
            session.pending = true
        }
    }

    /// Status answers given to `user`'s session so far; 0 for a session not tracked.
    func answered(_ user: String) -> Int {
        recent[user]?.answered ?? older[user]?.answered ?? 0
    }

    /// The pending measurements, cleared.
    mutating func drain() -> [BotRecord] {
        var records = spilled
        spilled = []
        for index in older.indices where older.values[index].pending {
            records += Self.records(older.keys[index], &older.values[index])
        }
        for index in recent.indices where recent.values[index].pending {
            records += Self.records(recent.keys[index], &recent.values[index])
        }
        return records
    }

    /// Runs `change` on the user's session, made the most recent.
    private mutating func update(_ user: String, _ change: (inout Session) -> Void) {
        if recent[user] != nil {
            change(&recent[user]!)
            return
        }
        var session = older.removeValue(forKey: user) ?? Session()
        change(&session)
        recent[user] = session
        if recent.count >= capacity / 2 { rotate() }
    }

    /// The recent generation becomes the older one; the older one's pending measurements spill.
    private mutating func rotate() {
        for index in older.indices where older.values[index].pending && spilled.count < capacity {
            spilled += Self.records(older.keys[index], &older.values[index])
        }
        older = recent
        recent = [:]
    }

    /// A session's pending measurements as records; the session keeps only its timing.
    private static func records(_ user: String, _ session: inout Session) -> [BotRecord] {
        var records: [BotRecord] = []
        if session.polls > 0 {
            records.append(.polls(user: user, count: session.polls, early: session.early, gaps: session.gaps,
                                  gapSum: session.gapSum, gapSquares: session.gapSquares))
        }
        if let delay = session.reserveDelayMs { records.append(.reserve(user: user, delayMs: delay)) }
        if session.earlyCheckouts > 0 { records.append(.earlyCheckout(user: user, count: session.earlyCheckouts)) }
        if session.tokenMoves > 0 { records.append(.tokenMoved(user: user, drift: session.tokenMoves)) }
        (session.polls, session.early, session.gaps, session.gapSum, session.gapSquares) = (0, 0, 0, 0, 0)
        (session.reserveDelayMs, session.earlyCheckouts, session.tokenMoves, session.pending) = (nil, 0, 0, false)
        return records
    }
}
