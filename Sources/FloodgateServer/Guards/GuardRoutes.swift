import FloodgateCore
import FloodgateEngine
import Foundation
import Hummingbird

/// The guards' admin API: `GET|PUT /admin/sales/{id}/guards` (settings and admission, every
/// problem listed, nothing changed on a refusal), `GET /admin/sales/{id}/alerts` and
/// `POST /admin/sales/{id}/alerts/{alert}/ack`. Changes are audited with the operator.
struct GuardRoutes: Sendable {
    let services: ServerServices

    func add(to router: Router<FloodgateRequestContext>, admins: AdminAuthority) {
        let admin = router.group("admin/sales/:id").add(middleware: AdminAuthMiddleware(authority: admins))
        admin.get("guards") { _, context in try JSONResponse.encode(try await plan(try await sale(context))) }
        admin.put("guards") { request, context in try await setPlan(request, context: context) }
        admin.get("alerts") { _, context in
            let sale = try await sale(context)
            return try JSONResponse.encode(["alerts": try await services.engine.alerts(saleID: sale.definition.id)])
        }
        admin.post("alerts/:alert/ack") { request, context in try await acknowledge(request, context: context) }
    }

    private func sale(_ context: FloodgateRequestContext) async throws -> SaleView {
        try await services.adminSale(context)
    }

    private func plan(_ sale: SaleView) async throws -> GuardPlan {
        try await services.engine.guardPlan(saleID: sale.definition.id, definition: sale.definition)
    }

    /// Changes the plan: what the body gives replaces the current values, the rest stays.
    private func setPlan(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let sale = try await sale(context)
        var request = request
        let bytes = try await JSONRequest.bytes(&request)
        let actor = RequestAuth.actor(request, context: context, policy: services.clientAddresses)
        let saleID = sale.definition.id
        let plan: GuardPlan
        do {
            plan = try await self.plan(sale).applying(try JSONParser.parse(Data(bytes)))
        } catch let error as SaleDefinitionError {
            let answer = APIError(error)
            try await services.engine.audit(saleID: saleID, actor: actor, action: "guards", detail: error.description, result: answer.code)
            throw answer
        } catch is JSONParser.Failure {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        try await services.engine.setGuardPlan(saleID: saleID, plan)
        try await services.engine.audit(saleID: saleID, actor: actor, action: "guards", detail: String(decoding: bytes.prefix(500), as: UTF8.self), result: "ok")
        return try JSONResponse.encode(plan)
    }

    private func acknowledge(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let sale = try await sale(context)
        let alertID = try context.parameters.require("alert")
        let actor = RequestAuth.actor(request, context: context, policy: services.clientAddresses)
        guard let alert = try await services.engine.acknowledgeAlert(saleID: sale.definition.id, alertID: alertID, by: actor) else {
            throw APIError.notFound("The sale has no alert \(alertID).").with(code: "unknown_alert")
        }
        try await services.engine.audit(saleID: sale.definition.id, actor: actor, action: "acknowledge", detail: "alert \(alertID) (\(alert.guardName))",
                                        result: "ok")
        return try JSONResponse.encode(alert)
    }
}
