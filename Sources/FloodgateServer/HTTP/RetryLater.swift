import FloodgateCore

/// An API error that tells the client when to try again: answered with its status, the JSON
/// envelope and `Retry-After: <seconds>` (``APIErrorMiddleware``).
struct RetryLater: Error, Sendable {
    /// The error of the envelope.
    let error: APIError
    /// Whole seconds, at least 1.
    let seconds: Int

    /// An error with its Retry-After, rounded up to whole seconds.
    init(_ error: APIError, after seconds: Double) {
        self.error = error
        self.seconds = seconds.isFinite && seconds > 1 ? Int(min(86_400, seconds.rounded(.up))) : 1
    }
}
