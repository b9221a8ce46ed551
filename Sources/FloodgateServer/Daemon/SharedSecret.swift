import Crypto
import FloodgateEngine
import FloodgateRedis
import Foundation

/// The key that signs queue tokens and proof-of-work challenges. Every daemon on one Redis must
/// hold the same one, and tokens must survive restarts: it comes from the configuration, or
/// else is created once in Redis (`SET fg:{global}:secret ... NX`, ``SaleKeys/secret``) and read back by every daemon.
enum SharedSecret {
    /// The configured secret, or the one kept in Redis (created on first use).
    static func load(configured: String?, redis: RedisClient) async throws -> SymmetricKey {
        if let configured, !configured.isEmpty {
            return SymmetricKey(data: SHA256.hash(data: Data(configured.utf8)))
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        _ = try await redis.send(["SET", SaleKeys.secret, fresh, "NX"])
        guard let stored = try await redis.send(["GET", SaleKeys.secret]).string, let bytes = Data(base64Encoded: stored) else {
            throw DaemonError("the shared secret in Redis (\(SaleKeys.secret)) is unreadable")
        }
        return SymmetricKey(data: bytes)
    }
}
