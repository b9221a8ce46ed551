import Crypto
import CryptoExtras
import Foundation

/// Why an identity assertion was refused.
public enum IdentityError: Error, Sendable, Hashable {
    /// Not three base64url parts of JSON, or no `sub` or `exp`.
    case malformed
    /// Signed with another algorithm than the sale's (`none` included).
    case wrongAlgorithm
    /// The signature does not verify under the sale's key.
    case badSignature
    /// `exp` has passed.
    case expired
    /// `sub` is not the user id registering.
    case wrongSubject
}

/// Checks a shop-signed JWT (compact form) against a sale's ``IdentitySettings``.
public enum IdentityAssertion {
    /// The most bytes an assertion may have.
    public static let maxBytes = 8_192

    /// Verifies `jwt` for `userID`: format, algorithm, signature, `exp` (with no leeway), `sub`.
    /// - Throws: ``IdentityError``, the first problem found in that order.
    public static func verify(_ jwt: String, settings: IdentitySettings, userID: String, now: Date) throws(IdentityError) {
        let bytes = Array(jwt.utf8)
        let dots = bytes.indices.filter { bytes[$0] == UInt8(ascii: ".") }
        guard bytes.count <= maxBytes, dots.count == 2,
            let headerBytes = Base64URL.decode(bytes[..<dots[0]]),
            let payloadBytes = Base64URL.decode(bytes[(dots[0] + 1)..<dots[1]]),
            let signature = Base64URL.decode(bytes[(dots[1] + 1)...]),
            case .object(let header)? = try? JSONParser.parse(headerBytes),
            case .object(let payload)? = try? JSONParser.parse(payloadBytes)
        else { throw .malformed }
        guard case .string(settings.alg.rawValue)? = header["alg"] else { throw .wrongAlgorithm }
        let signed = bytes[..<dots[1]]
        guard isValid(signature: signature, for: signed, settings: settings) else { throw .badSignature }
        guard case .string(let subject)? = payload["sub"], let expiry = number(payload["exp"]) else { throw .malformed }
        guard now.timeIntervalSince1970 < expiry else { throw .expired }
        guard subject == userID else { throw .wrongSubject }
    }

    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .integer(let number)?: Double(number)
        case .number(let number)?: number
        default: nil
        }
    }

    private static func isValid(signature: [UInt8], for signed: ArraySlice<UInt8>, settings: IdentitySettings) -> Bool {
        switch settings.alg {
        case .hs256:
            return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signed, using: SymmetricKey(data: Data(settings.key.utf8)))
        case .rs256:
            guard let key = try? _RSA.Signing.PublicKey(pemRepresentation: settings.key) else { return false }
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: Data(signed)),
                                        padding: .insecurePKCS1v1_5)
        }
    }
}
