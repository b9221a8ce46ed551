/// The API answers for the domain's errors.
extension APIError {
    /// 401 `unauthorized` for a malformed, forged or expired token; 403 `forbidden` for a foreign one.
    public init(_ error: TokenError) {
        self = switch error {
        case .malformed: .unauthorized("The token is malformed.")
        case .badSignature: .unauthorized("The token signature is not valid.")
        case .expired: .unauthorized("The token has expired.")
        case .foreign: .forbidden("The token was issued for another sale or user.")
        }
    }

    /// 403 `pow_invalid`, saying what was wrong.
    public init(_ error: ProofOfWorkError) {
        self = switch error {
        case .malformed: .powInvalid("The challenge or nonce is malformed.")
        case .badSignature: .powInvalid("The challenge was not issued by this service.")
        case .expired: .powInvalid("The challenge has expired; fetch a new one.")
        case .wrongSale: .powInvalid("The challenge was issued for another sale.")
        case .insufficientWork: .powInvalid("The nonce does not solve the challenge.")
        }
    }

    /// 400 `bad_request` with every problem of the definition.
    public init(_ error: SaleDefinitionError) {
        self = .badRequest(error.description, problems: error.problems)
    }
}
