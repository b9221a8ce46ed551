import Crypto

/// HMAC-SHA256 under one key, keyed once: the key's inner and outer pads are hashed here, not
/// per message, because queue tokens and proof-of-work challenges are signed or checked on every
/// poll, challenge and registration.
struct KeyedMAC: Sendable {
    private let keyed: HMAC<SHA256>

    /// A MAC under `key`.
    init(key: SymmetricKey) {
        keyed = HMAC<SHA256>(key: key)
    }

    /// The MAC of `prefix` followed by `bytes`.
    func mac(_ bytes: ArraySlice<UInt8>, prefix: [UInt8] = []) -> HMAC<SHA256>.MAC {
        var hmac = keyed
        if !prefix.isEmpty { hmac.update(data: prefix) }
        hmac.update(data: bytes)
        return hmac.finalize()
    }

    /// Whether `given` is the MAC of `prefix` followed by `bytes`, compared in time independent
    /// of where they differ.
    func isValid(_ given: [UInt8], of bytes: ArraySlice<UInt8>, prefix: [UInt8] = []) -> Bool {
        mac(bytes, prefix: prefix).withUnsafeBytes { computed in
            given.count == computed.count && zip(given, computed).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
