import FloodgateCore
import Foundation
import NIOHTTP1

extension AdminClient {
    /// `GET /admin/sales`.
    /// - Throws: ``AdminClientError`` when the call fails or the answer is not a sale list.
    public func listSales() async throws -> [SaleSummary] {
        try await get(SaleList.self, "/admin/sales", named: "/admin/sales").sales
    }

    /// Every sale with its figures: `GET /admin/sales`, then each one's status and alerts.
    /// - Throws: ``AdminClientError`` when a call fails or an answer is not what it should be.
    public func overview() async throws -> [SaleOverview] {
        var lines: [SaleOverview] = []
        for sale in try await listSales() {
            let response = try await send(.GET, Self.salePath(sale.id))
            guard response.isSuccess else { continue }
            guard let status = try? JSONDecoder().decode(StatusFigures.self, from: Data(response.body)) else {
                throw AdminClientError.status(response.status, "unexpected answer to GET /admin/sales/\(sale.id)")
            }
            let stock = status.skus.reduce(0) { $0 + $1.initial + $1.added }
            let sold = status.skus.reduce(0) { $0 + $1.sold }
            lines.append(SaleOverview(id: sale.id, name: sale.name, state: status.state, sellThrough: stock > 0 ? Double(sold) / Double(stock) : 0,
                                      queue: status.queueLength, pausedBy: status.pausedBy, activeAlerts: try await alerts(saleID: sale.id).count(where: \.isActive)))
        }
        return lines
    }

    /// `GET /admin/sales/{id}/audit`: the newest 1,000 entries, newest first.
    /// - Throws: ``AdminClientError`` when the call fails or the answer is not an audit trail.
    public func auditTrail(saleID: String) async throws -> [TelemetrySnapshot.AuditEntry] {
        try await get(AuditTrail.self, Self.salePath(saleID) + "/audit", named: "/admin/sales/{id}/audit").entries
    }

    /// `GET /admin/sales/{id}/alerts`: the guards' alerts, newest first, active and cleared.
    /// - Throws: ``AdminClientError`` when the call fails or the answer is not an alert list.
    public func alerts(saleID: String) async throws -> [GuardAlert] {
        try await get(AlertList.self, Self.salePath(saleID) + "/alerts", named: "/admin/sales/{id}/alerts").alerts
    }

    /// `GET /admin/whoami`: who holds the token and in which role.
    /// - Throws: ``AdminClientError`` when the call fails or the answer is not a sign-in.
    public func whoami() async throws -> OperatorSignIn {
        try await get(OperatorSignIn.self, "/admin/whoami", named: "/admin/whoami")
    }

    /// Sends a control call and reports how it went (for a rollback, what it released and
    /// refunded), never throwing.
    public func perform(_ action: ControlAction, saleID: String) async -> ActionOutcome {
        do {
            let response = try await send(.POST, Self.salePath(saleID) + "/" + action.endpoint, body: action.body(saleID: saleID))
            guard response.isSuccess else { return .failed(response.errorSummary) }
            return .succeeded(detail: RollbackSummary.from(response.body)?.text)
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// `GET path`, its JSON answer decoded as `type`.
    /// - Parameter route: the route's name for the error (`/admin/sales/{id}/audit`).
    /// - Throws: ``AdminClientError`` when the call fails, answers an error, or the answer is not a `type`.
    private func get<Answer: Decodable>(_ type: Answer.Type, _ path: String, named route: String) async throws -> Answer {
        let response = try await send(.GET, path)
        guard response.isSuccess else { throw AdminClientError.status(response.status, response.errorSummary) }
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw AdminClientError.status(response.status, "unexpected answer to GET \(route)")
        }
    }

    /// `/admin/sales/{id}` with the id percent-encoded.
    static func salePath(_ saleID: String) -> String {
        "/admin/sales/" + (saleID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? saleID)
    }

    private struct SaleList: Decodable {
        var sales: [SaleSummary]
    }

    private struct StatusFigures: Decodable {
        struct SKU: Decodable {
            var initial, added, sold: Int
        }

        var state: String
        var queueLength: Int
        var pausedBy: String?
        var skus: [SKU]

        enum CodingKeys: String, CodingKey {
            case state, skus, queueLength = "queue_length", pausedBy = "paused_by"
        }
    }

    private struct AlertList: Decodable {
        var alerts: [GuardAlert]
    }

    private struct AuditTrail: Decodable {
        var entries: [TelemetrySnapshot.AuditEntry]
    }
}
