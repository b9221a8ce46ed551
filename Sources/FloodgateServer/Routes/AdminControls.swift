import FloodgateCore
import FloodgateEngine
import Foundation
import Hummingbird
import Logging

/// The kill switches and drills: pause, resume, throttle, registration, close, payment, rollback.
struct AdminControls: Sendable {
    let services: ServerServices

    /// The switches, by the last path component of their route.
    enum Action: String, CaseIterable, Sendable {
        case pause, resume, throttle, registration, close, payment, rollback
    }

    /// Applies a switch, audits it (also when refused), and answers the sale's status.
    func perform(_ action: Action, saleID: String, request: Request, context: FloodgateRequestContext) async throws -> Response {
        guard try await services.engine.status(of: saleID) != nil else { throw AdminRoutes.unknownSale(saleID) }
        let actor = RequestAuth.actor(request, context: context, policy: services.clientAddresses)
        var detail = ""
        do {
            let (members, reader) = try await body(for: action, request: request)
            var result: (any Encodable & Sendable)?
            (detail, result) = try await apply(action, saleID: saleID, members: members, reader: reader, actor: actor)
            try await services.engine.audit(saleID: saleID, actor: actor, action: action.rawValue, detail: detail, result: "ok")
            _ = try? await services.sale(saleID)
            guard let status = try await services.engine.status(of: saleID) else { throw AdminRoutes.unknownSale(saleID) }
            return try JSONResponse.encode(ControlAnswer(sale: status, rollback: result as? RollbackReport))
        } catch let error as APIError {
            try await services.engine.audit(saleID: saleID, actor: actor, action: action.rawValue, detail: detail, result: error.code)
            throw error
        } catch let error as SaleEngineError {
            let answer = APIError(error)
            try await services.engine.audit(saleID: saleID, actor: actor, action: action.rawValue, detail: detail, result: answer.code)
            throw answer
        }
    }

    /// The body's members; switches without settings accept an empty body.
    private func body(for action: Action, request: Request) async throws -> ([String: JSONValue], FieldReader) {
        var request = request
        let bytes = try await JSONRequest.bytes(&request)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
            return ([:], FieldReader())
        }
        let allowed: Set<String> = switch action {
        case .pause: ["reason"]
        case .throttle: ["admit_per_second"]
        case .registration: ["open"]
        case .payment: ["failure_rate", "latency_ms"]
        case .rollback: ["refund", "since"]
        case .resume: ["confirm_sale_id"]
        case .close: []
        }
        return try JSONRequest.object(bytes, allowedKeys: allowed)
    }

    private func apply(_ action: Action, saleID: String, members: [String: JSONValue], reader: FieldReader, actor: String) async throws -> (String, (any Encodable & Sendable)?) {
        var reader = reader
        let engine = services.engine
        switch action {
        case .pause:
            let reason = reader.string("reason", in: members, at: "") ?? "operator"
            if reason.unicodeScalars.count > Self.maxPauseReason { reader.report("reason", "must be at most \(Self.maxPauseReason) characters, got \(reason.unicodeScalars.count)") }
            try JSONRequest.check(reader)
            try await engine.control(saleID: saleID, .pause(reason: reason, by: actor))
            return ("reason=\(reason)", nil)
        case .resume:
            let confirmed = reader.string("confirm_sale_id", in: members, at: "")
            try JSONRequest.check(reader)
            try await checkResumeConfirmed(saleID: saleID, confirmed: confirmed)
            try await engine.control(saleID: saleID, .resume)
            return (confirmed.map { "confirm_sale_id=\($0)" } ?? "", nil)
        case .close:
            try await engine.control(saleID: saleID, .close)
            return ("", nil)
        case .throttle:
            reader.require("admit_per_second", in: members, at: "")
            let rate = reader.number("admit_per_second", in: members, at: "")
            if let rate, rate != 0, !(SaleDefinition.Limits.minAdmitPerSecond...SaleDefinition.Limits.maxAdmitPerSecond).contains(rate) {
                reader.report("admit_per_second", "must be 0 (stop admission) or from \(SaleDefinition.Limits.minAdmitPerSecond) to "
                    + "\(Int(saturating: SaleDefinition.Limits.maxAdmitPerSecond)), got \(rate)")
            }
            try JSONRequest.check(reader)
            try await engine.control(saleID: saleID, .throttle(admitPerSecond: rate!))
            return ("admit_per_second=\(rate!)", nil)
        case .registration:
            reader.require("open", in: members, at: "")
            let open = reader.bool("open", in: members, at: "")
            try JSONRequest.check(reader)
            try await engine.control(saleID: saleID, .registration(open: open!))
            return ("open=\(open!)", nil)
        case .payment:
            return try await payment(saleID: saleID, members: members, reader: reader)
        case .rollback:
            let scope = try Self.refundScope(members: members, reader: reader)
            let report = try await engine.rollback(saleID: saleID, refunds: scope, by: actor)
            try await GuardService.checkConservation(services: services, saleID: saleID, logger: Logger(label: "floodgate.guards"))
            return ("refund=\(scope)", report)
        }
    }

    /// The longest pause reason taken; a longer one is refused (400), not cut.
    static let maxPauseReason = 200

    /// A sale a guard paused (`paused_by` `guard:<name>`: its data is in doubt) resumes only with
    /// `confirm_sale_id` naming it, as the console's typed confirmation sends; 409
    /// `confirmation_required` otherwise, and nothing changes.
    private func checkResumeConfirmed(saleID: String, confirmed: String?) async throws {
        guard let status = try await services.engine.status(of: saleID), let actor = status.pausedBy, actor.hasPrefix("guard:"),
            status.state == .paused, confirmed != saleID
        else { return }
        throw APIError.conflict("\(actor) paused the sale (\(status.pauseReason ?? "no reason given")); resume with {\"confirm_sale_id\": \"\(saleID)\"} once the cause is fixed.")
            .with(code: "confirmation_required")
    }

    private func payment(saleID: String, members: [String: JSONValue], reader: FieldReader) async throws -> (String, (any Encodable & Sendable)?) {
        var reader = reader
        guard let current = try await services.engine.status(of: saleID)?.payment else { throw AdminRoutes.unknownSale(saleID) }
        let rate = reader.number("failure_rate", in: members, at: "") ?? current.failureRate
        let latency = reader.integer("latency_ms", in: members, at: "") ?? current.latencyMs
        if !(0...1).contains(rate) { reader.report("failure_rate", "must be from 0 to 1, got \(rate)") }
        if !(0...60_000).contains(latency) { reader.report("latency_ms", "must be from 0 to 60000, got \(latency)") }
        try JSONRequest.check(reader)
        try await services.engine.control(saleID: saleID, .payment(failureRate: rate, latencyMs: latency))
        return ("failure_rate=\(rate) latency_ms=\(latency)", nil)
    }

    private static func refundScope(members: [String: JSONValue], reader: FieldReader) throws -> RefundScope {
        var reader = reader
        let refund = reader.string("refund", in: members, at: "") ?? "none"
        let since = reader.timestamp("since", in: members, at: "")
        var scope = RefundScope.none
        switch refund {
        case "none": break
        case "all": scope = .all
        case "since":
            if let since { scope = .since(Int64(saturating: since.timeIntervalSince1970 * 1000)) } else { reader.report("since", "is required when refund is since") }
        default: reader.report("refund", "expected one of none, all, since, got \"\(refund)\"")
        }
        try JSONRequest.check(reader)
        return scope
    }
}

/// A switch's answer: the sale's status, and what a rollback did.
struct ControlAnswer: Encodable {
    let sale: SaleStatus
    let rollback: RollbackReport?

    func encode(to encoder: any Encoder) throws {
        try sale.encode(to: encoder)
        if let rollback {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(rollback, forKey: .rollback)
        }
    }

    private enum Keys: String, CodingKey {
        case rollback
    }
}
