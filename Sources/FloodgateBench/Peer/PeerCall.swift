/// The calls measured on both servers, and how wrk makes each.
enum PeerCall: String, CaseIterable, Sendable {
    case health, status, register, reserve

    /// The route, as the table shows it.
    var route: String {
        switch self {
        case .health: "GET /health"
        case .status: "GET /queue/status"
        case .register: "POST /queue/register"
        case .reserve: "POST /checkout/reserve"
        }
    }

    /// The server side of a run.
    enum Side: String, Sendable {
        case floodgate = "fg"
        case nginx = "ng"
    }
}

/// What the shoppers' files hold for wrk: the same 200 users registered on both sides.
struct PeerUsers: Sendable {
    /// Floodgate's tokens, one a line.
    let floodgateTokens: String
    /// nginx's tokens for the same users, one a line.
    let nginxTokens: String
    /// `user position` lines (nginx's reserve takes them from headers, not a token).
    let positions: String
}

/// One wrk run's figures with the CPU the server, Redis and the machine spent meanwhile.
struct PeerRun: Sendable {
    let call: PeerCall
    let side: PeerCall.Side
    let load: LoadResult
    let requests: Double
    /// CPU time of the server's processes per request, in microseconds.
    let serverMicros: Double
    /// CPU time of redis-server per request, in microseconds.
    let redisMicros: Double
    /// The machine's busy share over the run, in percent.
    let machineBusy: Double

    /// Valid when at most 1% of the answers were errors (non-2xx, socket errors).
    var isValid: Bool { requests > 0 && Double(load.errors) <= requests / 100 }
}
