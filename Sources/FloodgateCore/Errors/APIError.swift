/// An API failure: the HTTP status and the JSON envelope
/// `{"error": {"code": "<snake_case>", "message": "<human text>"}}`, with a `problems` list of
/// `{field, message}` inside `error` when there are field problems. Independent of any HTTP library.
public struct APIError: Error, Sendable, Hashable, Encodable, CustomStringConvertible {
    /// The HTTP status code.
    public let status: Int
    /// The machine-readable code, such as `sold_out`.
    public let code: String
    /// Text for people.
    public let message: String
    /// Field problems, when the request body was refused field by field; encoded only when not empty.
    public let problems: [FieldProblem]

    /// Creates an error.
    public init(status: Int, code: String, message: String, problems: [FieldProblem] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems
    }

    /// The same error with another code.
    public func with(code: String) -> APIError {
        APIError(status: status, code: code, message: message, problems: problems)
    }

    /// `status code: message`.
    public var description: String {
        "\(status) \(code): \(message)"
    }

    private enum EnvelopeKeys: String, CodingKey {
        case error
    }

    private enum ErrorKeys: String, CodingKey {
        case code, message, problems
    }

    /// Encodes the envelope `{"error": {"code", "message", "problems"?}}`; the status is not encoded.
    public func encode(to encoder: any Encoder) throws {
        var envelope = encoder.container(keyedBy: EnvelopeKeys.self)
        var error = envelope.nestedContainer(keyedBy: ErrorKeys.self, forKey: .error)
        try error.encode(code, forKey: .code)
        try error.encode(message, forKey: .message)
        if !problems.isEmpty {
            try error.encode(problems, forKey: .problems)
        }
    }
}

/// The codes of the public and admin API, each with its status and a default message.
extension APIError {
    /// 400 `bad_request`: malformed JSON, wrong types, values out of range.
    public static func badRequest(
        _ message: String = "The request is not valid.", problems: [FieldProblem] = []
    ) -> APIError {
        APIError(status: 400, code: "bad_request", message: message, problems: problems)
    }

    /// 401 `unauthorized`: no token, or a malformed, forged or expired one.
    public static func unauthorized(_ message: String = "A valid token is required.") -> APIError {
        APIError(status: 401, code: "unauthorized", message: message)
    }

    /// 402 `payment_failed`: the gateway declined; the cart is held until the reservation expires.
    public static func paymentFailed(
        _ message: String = "The payment failed; the reservation is kept until it expires."
    ) -> APIError {
        APIError(status: 402, code: "payment_failed", message: message)
    }

    /// 403 `forbidden`: a valid token for another sale or user, or an admin call without rights.
    public static func forbidden(_ message: String = "This token is not allowed here.") -> APIError {
        APIError(status: 403, code: "forbidden", message: message)
    }

    /// 403 `pow_invalid`: the proof of work is missing, wrong, expired or already used.
    public static func powInvalid(_ message: String = "The proof of work is missing or invalid.") -> APIError {
        APIError(status: 403, code: "pow_invalid", message: message)
    }

    /// 403 `not_admitted`: the token's position has not been admitted yet.
    public static func notAdmitted(_ message: String = "Not admitted yet; keep polling /queue/status.") -> APIError {
        APIError(status: 403, code: "not_admitted", message: message)
    }

    /// 404 `not_found`: unknown sale, SKU, reservation or route.
    public static func notFound(_ message: String = "Not found.") -> APIError {
        APIError(status: 404, code: "not_found", message: message)
    }

    /// 409 `registration_closed`: the sale does not take registrations now.
    public static func registrationClosed(_ message: String = "Registration is closed.") -> APIError {
        APIError(status: 409, code: "registration_closed", message: message)
    }

    /// 409 `sold_out`: not enough stock left for the request.
    public static func soldOut(_ message: String = "Sold out.") -> APIError {
        APIError(status: 409, code: "sold_out", message: message)
    }

    /// 409 `already_committed`: a committed reservation cannot be cancelled.
    public static func alreadyCommitted(_ message: String = "The reservation is already committed.") -> APIError {
        APIError(status: 409, code: "already_committed", message: message)
    }

    /// 409 `conflict`: the request clashes with the current state (a sale id already taken, a cancelled reservation).
    public static func conflict(_ message: String = "The request conflicts with the current state.") -> APIError {
        APIError(status: 409, code: "conflict", message: message)
    }

    /// 410 `reservation_expired`: the reservation's TTL ran out and its stock went back.
    public static func reservationExpired(_ message: String = "The reservation has expired.") -> APIError {
        APIError(status: 410, code: "reservation_expired", message: message)
    }

    /// 413 `payload_too_large`: the body is over the limit.
    public static func payloadTooLarge(_ message: String = "The request body is too large.") -> APIError {
        APIError(status: 413, code: "payload_too_large", message: message)
    }

    /// 429 `limit_reached`: the shopper already holds or bought their per-user limit.
    public static func limitReached(_ message: String = "The per-user limit is reached.") -> APIError {
        APIError(status: 429, code: "limit_reached", message: message)
    }

    /// 429 `rate_limited`: too many requests; try again later.
    public static func rateLimited(_ message: String = "Too many requests; slow down.") -> APIError {
        APIError(status: 429, code: "rate_limited", message: message)
    }

    /// 500 `internal_error`: a bug or an unexpected failure; nothing was changed that the answer hides.
    public static func internalError(_ message: String = "Internal error.") -> APIError {
        APIError(status: 500, code: "internal_error", message: message)
    }

    /// 503 `paused`: the sale is paused.
    public static func paused(_ message: String = "The sale is paused.") -> APIError {
        APIError(status: 503, code: "paused", message: message)
    }

    /// 503 `unavailable`: a dependency (Redis) is unreachable or not ready.
    public static func unavailable(_ message: String = "Temporarily unavailable; try again shortly.") -> APIError {
        APIError(status: 503, code: "unavailable", message: message)
    }
}
