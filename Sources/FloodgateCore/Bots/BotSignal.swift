/// One kind of evidence that a session is run by a bot. Each signal turns what was measured into
/// a probability from 0 to its `weight`; ``BotAssessment`` combines them with a noisy-OR.
///
/// | signal | weight | full strength when |
/// |---|---|---|
/// | `fast_proof` | 0.75 | the proof of work came at ≥ 2 M hashes/s (nonce ÷ server-measured solve time); a browser does ≤ 0.55 M/s |
/// | `early_polls` | 0.70 | ≥ 2 status polls came before the `poll_after_ms` the daemon asked |
/// | `steady_polls` | 0.45 | ≥ 6 gaps between polls with almost no variance (the daemon jitters `poll_after_ms`) |
/// | `instant_reserve` | 0.80 | reserve came < 150 ms after the daemon first said `admitted` |
/// | `early_checkout` | 0.60 | ≥ 2 checkout calls before admission |
/// | `source_crowd` | 0.40 | ≥ 40 identities from the session's address (an office reaches about half) |
/// | `subnet_crowd` | 0.45 | ≥ 40 identities from other addresses of its /24 or /64 |
/// | `fingerprint_crowd` | 0.40 | ≥ 45 identities with its client fingerprint |
/// | `unsolved_challenges` | 0.30 | ≥ 30 challenges its address fetched and never solved |
/// | `bad_tokens` | 0.40 | ≥ 5 forged, altered or foreign tokens from its address |
/// | `moved_token` | 0.60 | its token was presented by another client (User-Agent, Accept-Language) and from another /24 or /64 than it was issued to; another client alone gives 0.48, another subnet alone 0.30 (phones change networks: a log, never a hold by itself) |
/// | `blocked` | 1.00 | an operator blocked its address, subnet or fingerprint |
public enum BotSignal: String, Sendable, Hashable, CaseIterable, Codable {
    case fastProof = "fast_proof"
    case earlyPolls = "early_polls"
    case steadyPolls = "steady_polls"
    case instantReserve = "instant_reserve"
    case earlyCheckout = "early_checkout"
    case sourceCrowd = "source_crowd"
    case subnetCrowd = "subnet_crowd"
    case fingerprintCrowd = "fingerprint_crowd"
    case unsolvedChallenges = "unsolved_challenges"
    case badTokens = "bad_tokens"
    case movedToken = "moved_token"
    case blocked

    /// The probability the signal gives at full strength.
    public var weight: Double {
        switch self {
        case .fastProof: 0.75
        case .earlyPolls: 0.70
        case .steadyPolls: 0.45
        case .instantReserve: 0.80
        case .earlyCheckout: 0.60
        case .sourceCrowd: 0.40
        case .subnetCrowd: 0.45
        case .fingerprintCrowd: 0.40
        case .unsolvedChallenges: 0.30
        case .badTokens: 0.40
        case .movedToken: 0.60
        case .blocked: 1.0
        }
    }

    /// What the signal means, for people.
    public var meaning: String {
        switch self {
        case .fastProof: "proof of work solved faster than any browser can"
        case .earlyPolls: "polls before the asked poll_after_ms"
        case .steadyPolls: "polls at a machine-steady cadence"
        case .instantReserve: "reserved within milliseconds of admission"
        case .earlyCheckout: "called checkout before admission"
        case .sourceCrowd: "many identities from one address"
        case .subnetCrowd: "many identities from one subnet"
        case .fingerprintCrowd: "many identities with one client fingerprint"
        case .unsolvedChallenges: "challenges fetched and never solved"
        case .badTokens: "forged or foreign tokens from its address"
        case .movedToken: "its token was used from another subnet or client than it was issued to"
        case .blocked: "blocked by an operator"
        }
    }
}
