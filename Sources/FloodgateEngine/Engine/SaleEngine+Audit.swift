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
    public func auditTrail(saleID: String, limit: Int = 100) async throws -> [TelemetrySnapshot.AuditEntry] {
        let entries = try await command(["XREVRANGE", SaleKeys(saleID: saleID).audit, "+", "-", "COUNT", String(limit)]).array ?? []
        return entries.compactMap { entry -> TelemetrySnapshot.AuditEntry? in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string, let fields = parts[1].array else { return nil }
            var values: [String: String] = [:]
            for index in stride(from: 0, to: fields.count - 1, by: 2) {
                if let key = fields[index].string { values[key] = fields[index + 1].string ?? "" }
            }
            return TelemetrySnapshot.AuditEntry(
                id: id, at: values["at"] ?? "", actor: values["actor"] ?? "", action: values["action"] ?? "",
                detail: values["detail"] ?? "", result: values["result"] ?? ""
            )
        }
    }
}
