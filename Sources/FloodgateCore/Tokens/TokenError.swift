/// Why a queue token was refused.
public enum TokenError: Error, Sendable, Hashable {
    /// Not a token: wrong shape, bad base64url, bad payload, or longer than 1 KiB.
    case malformed
    /// Well formed, but not signed by this daemon's key (forged or altered).
    case badSignature
    /// Signed, but past its `expiresAt`.
    case expired
    /// Signed and current, but issued for another sale or user.
    case foreign
}
