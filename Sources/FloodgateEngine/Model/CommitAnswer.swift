/// The answer to a commit, stored under its Idempotency-Key so a retry gets the same bytes.
public struct CommitAnswer: Sendable, Hashable {
    /// The HTTP status: 200, 402 or 410.
    public var status: Int
    /// The JSON body.
    public var body: String
}
