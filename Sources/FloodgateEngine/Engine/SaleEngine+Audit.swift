import FloodgateCore
import FloodgateRedis
import Foundation

extension SaleEngine {
    /// Appends an operator's or a guard's action to the sale's audit stream.
    /// - Parameters:
    ///   - actor: `admin@<address>` or `guard:<name>`.
    ///   - result: `ok` or the error code.
    public func audit(saleID: String, actor: String, action: String, detail: String, result: String) async throws {
        _ = try await command([
            "XADD", SaleKeys(saleID: saleID).audit, "MAXLEN", "~", "100000", "*",
            "at", RFC3339.format(Date()), "actor", actor, "action", action, "detail", detail, "result", result,
        ])
    }

    /// The newest audit entries of a sale, newest first.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` for an entry without its fields (every
    ///   writer gives at, actor, action, detail and result).
    public func auditTrail(saleID: String, limit: Int = 100) async throws -> [TelemetrySnapshot.AuditEntry] {
        let key = SaleKeys(saleID: saleID).audit
        let reply = try await command(["XREVRANGE", key, "+", "-", "COUNT", String(limit)])
        guard let entries = reply.array else { throw SaleEngineError.protocolDrift("XREVRANGE \(key): \(reply)") }
        return try entries.map { entry -> TelemetrySnapshot.AuditEntry in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string, let fields = parts[1].array else {
                throw SaleEngineError.protocolDrift("\(key): malformed entry \(entry)")
            }
            let values = Dictionary(try pairs(.array(fields), "\(key) entry \(id)"), uniquingKeysWith: { $1 })
            func field(_ name: String) throws -> String {
                guard let value = values[name] else { throw SaleEngineError.protocolDrift("\(key) entry \(id): no \(name)") }
                return value
            }
            return TelemetrySnapshot.AuditEntry(
                id: id, at: try field("at"), actor: try field("actor"), action: try field("action"),
                detail: try field("detail"), result: try field("result")
            )
        }
    }
}
