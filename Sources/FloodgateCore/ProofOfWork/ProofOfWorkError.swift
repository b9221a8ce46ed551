/// Why a proof of work was refused.
public enum ProofOfWorkError: Error, Sendable, Hashable {
    /// The challenge or the nonce is not in the expected format.
    case malformed
    /// The challenge was not signed by this daemon's key (forged or altered).
    case badSignature
    /// The challenge is past its expiry.
    case expired
    /// The challenge was issued for another sale.
    case wrongSale
    /// The nonce does not give enough leading zero bits, or the challenge asks less than the sale does.
    case insufficientWork
}
