import FloodgateCore
import Foundation

/// A control call on a sale: the console's kill switches and the admission throttle.
///
/// A struct over an internal enum so that new switches can be added without breaking callers.
public struct ControlAction: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case pause, resume, close, rollback
        case resumeAfterGuard(actor: String, reason: String)
        case throttle(Int)
        case registration(open: Bool)
        case block(source: String)
        case botMode(String)
        case acknowledge(alertID: String)
    }

    let kind: Kind

    /// Stop admission and checkout.
    public static let pause = ControlAction(kind: .pause)
    /// Start admission and checkout again.
    public static let resume = ControlAction(kind: .resume)
    /// Start admission and checkout again although a guard (`guard:<name>`, the `actor`) paused the
    /// sale, or would, for `reason`: confirmed with the sale id typed, as the runbook says not to resume.
    public static func resume(afterGuard actor: String, reason: String) -> ControlAction {
        ControlAction(kind: .resumeAfterGuard(actor: actor, reason: reason))
    }
    /// End the sale.
    public static let close = ControlAction(kind: .close)
    /// Release every live reservation and restore stock; no refunds.
    public static let rollback = ControlAction(kind: .rollback)
    /// Stop new registrations.
    public static let haltRegistration = ControlAction(kind: .registration(open: false))
    /// Accept registrations again.
    public static let reopenRegistration = ControlAction(kind: .registration(open: true))

    /// Block registrations from `source` (an address or range); its sessions get the `blocked` signal.
    public static func block(source: String) -> ControlAction {
        ControlAction(kind: .block(source: source))
    }

    /// Switch the sale's bot policy to `mode` (`observe` or `enforce`).
    public static func botMode(_ mode: String) -> ControlAction {
        ControlAction(kind: .botMode(mode))
    }

    /// Acknowledge a guard's alert in the operator's name.
    public static func acknowledge(alertID: String) -> ControlAction {
        ControlAction(kind: .acknowledge(alertID: alertID))
    }

    /// Admit `perSecond` shoppers a second.
    public static func throttle(_ perSecond: Int) -> ControlAction {
        ControlAction(kind: .throttle(perSecond))
    }

    /// The last path component of the call: `/admin/sales/{id}/<endpoint>`.
    public var endpoint: String {
        switch kind {
        case .pause: "pause"
        case .resume, .resumeAfterGuard: "resume"
        case .close: "close"
        case .rollback: "rollback"
        case .throttle: "throttle"
        case .registration: "registration"
        case .block: "bots/block"
        case .botMode: "bots/policy"
        case .acknowledge(let alertID): "alerts/" + (alertID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? alertID) + "/ack"
        }
    }

    /// The role the daemon asks for this call (``OperatorRole/required(method:path:)``).
    public var requiredRole: OperatorRole {
        OperatorRole.required(method: "POST", path: "/admin/sales/{id}/" + endpoint)
    }

    /// The action's name in the audit trail: the endpoint, `bot_block` and `bot_policy` for the
    /// bot defense's, `acknowledge` for an alert's.
    public var auditAction: String {
        if case .acknowledge = kind { return "acknowledge" }
        return endpoint.replacingOccurrences(of: "bots/", with: "bot_")
    }

    /// The JSON body of the call on `saleID`: a resume after a guard's pause names the sale in
    /// `confirm_sale_id`, which the daemon asks for then (409 `confirmation_required` without it).
    public func body(saleID: String) -> String {
        switch kind {
        case .resumeAfterGuard: #"{"confirm_sale_id":"\#(saleID)"}"#
        case .pause, .resume, .close, .acknowledge: "{}"
        case .rollback: #"{"refund":"none"}"#
        case .throttle(let rate): #"{"admit_per_second":\#(rate)}"#
        case .registration(let open): #"{"open":\#(open)}"#
        case .block(let source): #"{"source":"\#(source)"}"#
        case .botMode(let mode): #"{"mode":"\#(mode)"}"#
        }
    }

    /// The new admission rate, for a throttle.
    public var throttleRate: Int? {
        if case .throttle(let rate) = kind { return rate }
        return nil
    }

    /// Whether the operator must confirm it in a modal first.
    public var needsConfirmation: Bool {
        switch kind {
        case .pause, .close, .rollback, .resumeAfterGuard, .registration(open: false), .block, .botMode: true
        case .resume, .throttle, .registration(open: true), .acknowledge: false
        }
    }

    /// Whether the confirmation asks for the sale id to be typed.
    public var needsTypedSaleID: Bool {
        switch kind {
        case .rollback, .resumeAfterGuard: true
        default: false
        }
    }

    /// What the operator reads: `pause`, `throttle to 40/s`, `halt registration`.
    public var description: String {
        switch kind {
        case .pause: "pause"
        case .resume, .resumeAfterGuard: "resume"
        case .close: "close"
        case .rollback: "rollback"
        case .throttle(let rate): "throttle to \(rate)/s"
        case .registration(let open): open ? "reopen registration" : "halt registration"
        case .block(let source): "block \(source)"
        case .botMode(let mode): "bot policy \(mode)"
        case .acknowledge(let alertID): "acknowledge alert \(alertID)"
        }
    }
}
