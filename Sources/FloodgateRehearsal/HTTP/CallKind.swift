/// The calls a rehearsal makes, as its latencies and status codes are reported.
public enum CallKind: String, CaseIterable, Sendable, Encodable, Hashable {
    case challenge, register, status, reserve, commit, cancel
    /// Forged tokens, double spends and early checkout: counted apart from shoppers' calls.
    case attack

    /// The latency budget of the call's group.
    public var budget: LatencyBudget? {
        switch self {
        case .challenge, .register, .status: .queued
        case .reserve, .commit, .cancel: .admitted
        case .attack: nil
        }
    }
}

/// The latency budgets (p99) of DESIGN.md: waiting-room calls and checkout calls.
public enum LatencyBudget: String, CaseIterable, Sendable, Encodable, Hashable {
    /// Queue calls (challenge, register, status): 1 s.
    case queued
    /// Checkout calls (reserve, commit, cancel): 300 ms.
    case admitted

    /// The budget in milliseconds.
    public var milliseconds: Int {
        switch self {
        case .queued: 1_000
        case .admitted: 300
        }
    }

    /// The kinds of call in the group.
    public var kinds: [CallKind] { CallKind.allCases.filter { $0.budget == self } }
}
