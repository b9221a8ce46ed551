/// What the simulated shoppers and attackers saw, for the report and the invariant checks.
struct Observations: Sendable {
    var shoppers = Funnel()
    var bots = Funnel()
    var outcomes: [ShopperOutcome: Int] = [:]
    var fairness = AdmissionTally()
    var registrations: [RegistrationRecord] = []
    /// Pre-registered shoppers' tickets and the positions the lottery gave them.
    var lotteryPositions: [(ticket: UInt64, position: UInt64)] = []
    var acknowledged: [AcknowledgedCommit] = []
    var attacks: [AttackKind: AttackTally] = [:]
    /// Bot identities created.
    var botIdentities = 0
    /// When each bot identity first asked to register (unix ms), for the time to its hold.
    var botArrivals: [String: Int64] = [:]
    /// Genuine tokens the daemon refused (401): a daemon bug if not 0.
    var genuineTokensRefused = 0
    /// Answers no well-behaved shopper should get, by a short description.
    var anomalies: [String: Int] = [:]

    /// The funnel of shoppers or of bots.
    subscript(funnel isBot: Bool) -> Funnel {
        get { isBot ? bots : shoppers }
        set { if isBot { bots = newValue } else { shoppers = newValue } }
    }

    /// Counts one attack's result.
    mutating func tally(_ kind: AttackKind, _ update: (inout AttackTally) -> Void) {
        update(&attacks[kind, default: AttackTally()])
    }

    /// Counts an unexpected answer.
    mutating func anomaly(_ description: String) {
        anomalies[description, default: 0] += 1
    }
}

/// Admissions as the shoppers saw them on `/queue/status`, against the queue's cursor.
struct AdmissionTally: Sendable {
    /// Shoppers seen admitted.
    var admitted = 0
    /// Seen admitted with a position beyond the `admitted_through` of the same answer.
    var admittedAheadOfCursor = 0
    /// Seen waiting with a position the `admitted_through` of the same answer had passed.
    var waitingBehindCursor = 0
    /// FIFO: a position other than the registration ticket.
    var positionNotTicket = 0
    /// Seen admitted, then refused at checkout as not admitted twice.
    var admissionRevoked = 0
}
