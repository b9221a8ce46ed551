/// The identity binding's answer.
extension APIError {
    /// 401 `identity_invalid`: the registration's identity assertion is missing or refused.
    public init(_ error: IdentityError?) {
        let why = switch error {
        case nil: "This sale asks for an identity assertion signed by the shop (\"identity\": \"<jwt>\")."
        case .malformed?: "The identity assertion is malformed (a JWT with sub and exp)."
        case .wrongAlgorithm?: "The identity assertion uses another algorithm than this sale's."
        case .badSignature?: "The identity assertion's signature does not verify."
        case .expired?: "The identity assertion has expired."
        case .wrongSubject?: "The identity assertion is for another user."
        }
        self.init(status: 401, code: "identity_invalid", message: why)
    }
}
