/// The bot defense's answers.
extension APIError {
    /// 401 `token_revoked`: the session was evicted by the bot defense.
    public static let tokenRevoked = APIError(status: 401, code: "token_revoked", message: "This queue token was revoked.")

    /// 403 `blocked`: registration from a blocked address or client.
    public static func blocked(_ message: String = "Registration from this address or client is blocked.") -> APIError {
        APIError(status: 403, code: "blocked", message: message)
    }
}
