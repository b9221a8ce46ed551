/// Where a queue token's holder stands, as `GET /queue/status` reports it; the raw values are the API's strings.
public enum TokenState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Registered before the start; waiting for the sale (and, with lottery fairness, the draw).
    case preRegistered = "pre_registered"
    /// In the queue, not admitted yet.
    case waiting
    /// Admitted: may reserve within the admission window.
    case admitted
    /// Stock ran out before this shopper could buy; offered the waitlist.
    case soldOut = "sold_out"
    /// The sale is paused.
    case paused
    /// The sale is closed.
    case closed
    /// The token or its admission window expired.
    case expired
}
