/// Where a queue token was issued, carried (signed) in the token: a hash of the client's subnet
/// (/24 for IPv4, /64 for IPv6) and a hash of its agent (User-Agent and Accept-Language, the
/// part of a client fingerprint that stays the same from a `POST` to a `GET`). A status poll or a
/// checkout call compares it with where the token is presented from, with no Redis call; the
/// bot defense counts a difference as the `moved_token` signal.
public struct TokenBinding: Sendable, Hashable {
    /// FNV-1a (32 bits) of the subnet's prefix bytes; 0 when the address was unknown.
    public let subnet: UInt32
    /// FNV-1a (32 bits) of the agent text.
    public let agent: UInt32

    /// How a token's presentation differs from where it was issued.
    public struct Drift: OptionSet, Sendable, Hashable {
        /// The bits: 1 another subnet, 2 another agent.
        public let rawValue: Int
        /// A drift from its bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Another /24 or /64: a phone moving from Wi-Fi to mobile data does this.
        public static let subnet = Drift(rawValue: 1)
        /// Another User-Agent or Accept-Language: another client holds the token.
        public static let agent = Drift(rawValue: 2)
    }

    /// The binding of a client at `address` (nil when unknown) with `agent`.
    public init(address: IPAddress?, agent: String) {
        self.init(subnet: address.map { Self.hash($0.bytes.prefix($0.isIPv4 ? 3 : 8)) } ?? 0, agent: Self.hash(agent.utf8))
    }

    /// A binding from its two hashes, as read from a token.
    public init(subnet: UInt32, agent: UInt32) {
        (self.subnet, self.agent) = (subnet, agent)
    }

    /// What differs between this binding (the token's) and `presented` (the caller's); empty
    /// when they match. An unknown address on either side is not counted as a move.
    public func drift(to presented: TokenBinding) -> Drift {
        var drift: Drift = []
        if subnet != 0, presented.subnet != 0, subnet != presented.subnet { drift.insert(.subnet) }
        if agent != presented.agent { drift.insert(.agent) }
        return drift
    }

    private static func hash(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        // 0 means "no address": keep it out of the hashes' range.
        return hash == 0 ? 1 : hash
    }
}
