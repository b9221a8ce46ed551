/// The answer to a commit. A final one (200 paid, 402 declined, 410 gone) is stored under its
/// Idempotency-Key so a retry gets the same bytes; 202 `payment_pending` is not final.
public struct CommitAnswer: Sendable, Hashable {
    /// The HTTP status: 200, 202, 402 or 410.
    public var status: Int
    /// The JSON body.
    public var body: String
    /// For 202: when to ask again (the `Retry-After` header), in seconds.
    public var retryAfterSeconds: Int?

    /// A final answer.
    public init(status: Int, body: String) {
        self.status = status
        self.body = body
        self.retryAfterSeconds = nil
    }

    /// 202: the payment's outcome is not known yet; the reservation stays held for it, and the
    /// same Idempotency-Key will get the settled answer.
    static func pending(reservationID: String, retryAfterSeconds: Int) -> CommitAnswer {
        var answer = CommitAnswer(
            status: 202,
            body: #"{"status":"payment_pending","reservation_id":"\#(reservationID)","retry_after_seconds":\#(retryAfterSeconds),"#
                + #""message":"The payment's outcome is not known yet; retry with the same Idempotency-Key to get it."}"#
        )
        answer.retryAfterSeconds = retryAfterSeconds
        return answer
    }
}
