import FloodgateCore
import FloodgateEngine
import Foundation
import Hummingbird

/// The admin API under `/admin`, behind the admin token. Every call that changes something is
/// written to the sale's audit stream with who, what, when and the result.
struct AdminRoutes: Sendable {
    let services: ServerServices
    let telemetry: TelemetryBuilder

    func add(to router: Router<FloodgateRequestContext>, admins: AdminAuthority) {
        let admin = router.group("admin").add(middleware: AdminAuthMiddleware(authority: admins))
        admin.get("whoami") { _, context in try whoami(context) }
        admin.post("sales") { request, context in try await create(request, context: context) }
        admin.get("sales") { _, _ in try await list() }
        admin.get("sales/:id") { _, context in try await status(try saleID(context)) }
        admin.get("sales/:id/audit") { _, context in try await audit(try saleID(context)) }
        admin.get("sales/:id/telemetry") { _, context in try await telemetry.stream(saleID: try saleID(context)) }
        admin.post("sales/:id/archive") { request, context in try await archive(request, context: context) }
        let controls = AdminControls(services: services)
        for action in AdminControls.Action.allCases {
            admin.post("sales/:id/\(action.rawValue)") { request, context in
                try await controls.perform(action, saleID: try saleID(context), request: request, context: context)
            }
        }
    }

    private func create(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        var request = request
        let bytes = try await JSONRequest.bytes(&request)
        let actor = RequestAuth.actor(request, context: context, policy: services.clientAddresses)
        let definition: SaleDefinition
        do {
            definition = try SaleDefinition.parse(json: Data(bytes), now: Date())
        } catch {
            throw APIError(error)
        }
        do {
            try await services.engine.create(definition)
        } catch let error as SaleEngineError {
            let answer = APIError(error)
            try await services.engine.audit(saleID: definition.id, actor: actor, action: "create", detail: definition.name, result: answer.code)
            throw answer
        }
        try await services.engine.audit(saleID: definition.id, actor: actor, action: "create", detail: definition.name, result: "ok")
        _ = try await services.sale(definition.id)
        return try await status(definition.id, created: true)
    }

    /// `{"name": "alice", "role": "operator"}`: who the token belongs to, so a console can show it
    /// and grey what the role cannot do.
    private func whoami(_ context: FloodgateRequestContext) throws -> Response {
        let identity = context.adminIdentity ?? .tokenHolder
        return try JSONResponse.encode(["name": identity.name, "role": identity.role.rawValue])
    }

    private func list() async throws -> Response {
        var sales: [[String: String]] = []
        for id in try await services.engine.saleIDs() {
            guard let status = try await services.engine.status(of: id) else { continue }
            sales.append(["id": id, "name": status.name, "state": status.state.rawValue])
        }
        return try JSONResponse.encode(["sales": sales])
    }

    private func status(_ saleID: String, created: Bool = false) async throws -> Response {
        guard let status = try await services.engine.status(of: saleID) else { throw Self.unknownSale(saleID) }
        return try JSONResponse.encode(status, status: created ? .created : .ok)
    }

    private func audit(_ saleID: String) async throws -> Response {
        guard try await services.engine.status(of: saleID) != nil else { throw Self.unknownSale(saleID) }
        return try JSONResponse.encode(["entries": try await services.engine.auditTrail(saleID: saleID, limit: 1_000)])
    }

    /// Archives a closed sale (409 `sale_not_closed` otherwise, and nothing is written).
    private func archive(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let id = try saleID(context)
        let actor = RequestAuth.actor(request, context: context, policy: services.clientAddresses)
        return try JSONResponse.encode(try await services.archiver.archive(id, actor: actor))
    }

    private func saleID(_ context: FloodgateRequestContext) throws -> String {
        try context.parameters.require("id")
    }

    static func unknownSale(_ saleID: String) -> APIError {
        APIError.notFound("Unknown sale \(saleID).").with(code: "unknown_sale")
    }
}
