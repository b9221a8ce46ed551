import FloodgateCore
import Foundation
import NIOHTTP1

extension AdminClient {
    /// `GET /admin/sales`.
    /// - Throws: ``AdminClientError`` when the call fails or the answer is not a sale list.
    public func listSales() async throws -> [SaleSummary] {
        let response = try await send(.GET, "/admin/sales")
        guard response.isSuccess else { throw AdminClientError.status(response.status, response.errorSummary) }
        do {
            return try JSONDecoder().decode(SaleList.self, from: Data(response.body)).sales
        } catch {
            throw AdminClientError.status(response.status, "unexpected answer to GET /admin/sales")
        }
    }

    /// `GET /admin/sales/{id}/audit`: the newest 1,000 entries, newest first.
    /// - Throws: ``AdminClientError`` when the call fails or the answer is not an audit trail.
    public func auditTrail(saleID: String) async throws -> [TelemetrySnapshot.AuditEntry] {
        let response = try await send(.GET, Self.salePath(saleID) + "/audit")
        guard response.isSuccess else { throw AdminClientError.status(response.status, response.errorSummary) }
        do {
            return try JSONDecoder().decode(AuditTrail.self, from: Data(response.body)).entries
        } catch {
            throw AdminClientError.status(response.status, "unexpected answer to GET /admin/sales/{id}/audit")
        }
    }

    /// `GET /admin/whoami`: who holds the token and in which role.
    /// - Throws: ``AdminClientError`` when the call fails or the answer is not a sign-in.
    public func whoami() async throws -> OperatorSignIn {
        let response = try await send(.GET, "/admin/whoami")
        guard response.isSuccess else { throw AdminClientError.status(response.status, response.errorSummary) }
        do {
            return try JSONDecoder().decode(OperatorSignIn.self, from: Data(response.body))
        } catch {
            throw AdminClientError.status(response.status, "unexpected answer to GET /admin/whoami")
        }
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

    /// `/admin/sales/{id}` with the id percent-encoded.
    static func salePath(_ saleID: String) -> String {
        "/admin/sales/" + (saleID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? saleID)
    }

    private struct SaleList: Decodable {
        var sales: [SaleSummary]
    }

    private struct AuditTrail: Decodable {
        var entries: [TelemetrySnapshot.AuditEntry]
    }
}
