/// Where a sale is in its life; the raw values are the API's strings.
public enum SaleState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created; registration has not opened yet.
    case scheduled
    /// Pre-registration is open; checkout has not started.
    case prequeue
    /// Admission and checkout are running.
    case running
    /// An operator or a guard stopped admission and checkout.
    case paused
    /// Every unit is sold or reserved; shoppers are offered the waitlist.
    case soldOut = "sold_out"
    /// Over: no more admission or checkout.
    case closed
    /// A rollback is releasing reservations and restoring stock.
    case rollingBack = "rolling_back"
}
