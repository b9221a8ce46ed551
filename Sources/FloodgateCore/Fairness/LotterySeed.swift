/// The 32 secret bytes that drive a lottery draw. Its SHA-256 (`LotteryDraw.seedCommitment(_:)`)
/// is published before the start and the seed itself after the draw, so anyone can re-run it.
public struct LotterySeed: Sendable, Hashable {
    /// Bytes in a seed.
    public static let byteCount = 32

    /// The seed bytes.
    public let bytes: [UInt8]

    /// Wraps exactly 32 bytes; `nil` for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// Reads 64 hex characters (either case); `nil` otherwise.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// A new seed from the system's cryptographically secure generator.
    public static func random() -> LotterySeed {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return LotterySeed(bytes: bytes)!
    }

    /// The seed as 64 lowercase hex characters, as published after the draw.
    public var hex: String {
        Hex.encode(bytes)
    }
}
