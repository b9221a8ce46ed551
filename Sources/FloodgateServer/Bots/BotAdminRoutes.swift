import FloodgateCore
import FloodgateEngine
import Foundation
import Hummingbird

/// The bot defense's admin API: the report, a session's explanation, blocks and the live policy.
/// Changes are audited (in the scripts that make them).
struct BotAdminRoutes: Sendable {
    let services: ServerServices

    func add(to router: Router<FloodgateRequestContext>, admins: AdminAuthority) {
        let admin = router.group("admin/sales/:id/bots").add(middleware: AdminAuthMiddleware(authority: admins))
        admin.get("") { _, context in try await report(try await sale(context)) }
        admin.get("sessions/:user") { _, context in try await session(try await sale(context), user: try context.parameters.require("user")) }
        admin.post("block") { request, context in try await block(request, context: context) }
        admin.put("policy") { request, context in try await setPolicy(request, context: context) }
        admin.post("policy") { request, context in try await setPolicy(request, context: context) }
    }

    private func sale(_ context: FloodgateRequestContext) async throws -> SaleView {
        try await services.adminSale(context)
    }

    private func report(_ sale: SaleView) async throws -> Response {
        let report = try await services.engine.botReport(saleID: sale.definition.id)
        return try JSONResponse.encode(BotReportAnswer(saleID: sale.definition.id, policy: services.bots.policy(sale.definition), report: report))
    }

    private func session(_ sale: SaleView, user: String) async throws -> Response {
        guard let found = try await services.engine.botEvidence(saleID: sale.definition.id, users: [user]).first, let origin = found.origin,
            let decision = services.bots.decide([found], view: sale).first
        else { throw APIError.notFound("No bot-defense record of \(user) in this sale.") }
        let policy = services.bots.policy(sale.definition)
        let standing = services.bots.standing(saleID: sale.definition.id, userID: user)
        let signals = decision.assessment.contributions.map {
            BotSessionAnswer.Signal(signal: $0.signal.rawValue, probability: ($0.probability * 1000).rounded() / 1000, weight: $0.signal.weight, meaning: $0.signal.meaning)
        }
        return try JSONResponse.encode(BotSessionAnswer(
            user: user, source: origin.source, subnet: origin.subnet, fingerprint: origin.fingerprint,
            score: (decision.assessment.score * 1000).rounded() / 1000, action: decision.action?.rawValue ?? "none", mode: policy.mode.rawValue,
            held: standing.held, revoked: standing.revoked, signals: signals
        ))
    }

    /// `{"source": "<address or CIDR>"}` or `{"fingerprint": "<16 hex>"}`, with `"unblock": true` to undo.
    private func block(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let sale = try await sale(context)
        var (members, reader) = try await JSONRequest.object(request, allowedKeys: ["source", "fingerprint", "unblock"])
        let source = reader.string("source", in: members, at: "")
        let fingerprint = reader.string("fingerprint", in: members, at: "")
        let unblock = reader.bool("unblock", in: members, at: "") ?? false
        var field: String?
        if let source, fingerprint == nil {
            if let range = AddressRange(source) { field = "source:\(range.cidr)" } else { reader.report("source", "must be an IPv4 or IPv6 address or CIDR range") }
        } else if let fingerprint, source == nil {
            if fingerprint.utf8.count == 16, fingerprint.utf8.allSatisfy({ "0123456789abcdef".utf8.contains($0) }) { field = "fingerprint:\(fingerprint)" } else {
                reader.report("fingerprint", "must be 16 lowercase hex digits, as the bot report shows it")
            }
        } else if !reader.hasProblem(at: "source"), !reader.hasProblem(at: "fingerprint") {
            reader.report("$", "give exactly one of source and fingerprint")
        }
        try JSONRequest.check(reader)
        let actor = RequestAuth.actor(request, context: context, policy: services.clientAddresses)
        let changed = try await services.engine.changeBotDefense(saleID: sale.definition.id, operation: unblock ? "unblock" : "block", value: field!,
                                                                 actor: actor)
        try await services.bots.refresh(sale.definition)
        return try JSONResponse.encode(["blocked": unblock ? nil : field, "unblocked": unblock ? field : nil, "changed": changed ? "true" : "false"])
    }

    /// A new policy for the sale, in the sale definition's `bot_policy` shape; every problem is listed.
    private func setPolicy(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let sale = try await sale(context)
        var request = request
        let bytes = try await JSONRequest.bytes(&request)
        let policy: BotPolicy
        do {
            policy = try BotPolicy.parse(try JSONParser.parse(Data(bytes)))
        } catch let error as SaleDefinitionError {
            throw APIError(error)
        } catch {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        let actor = RequestAuth.actor(request, context: context, policy: services.clientAddresses)
        try await services.engine.changeBotDefense(saleID: sale.definition.id, operation: "policy", value: policy.json, actor: actor)
        try await services.bots.refresh(sale.definition)
        return try JSONResponse.encode(policy)
    }
}
