/// A control call on a sale: the console's kill switches and the admission throttle.
///
/// A struct over an internal enum so that new switches can be added without breaking callers.
public struct ControlAction: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case pause, resume, close, rollback
        case throttle(Int)
        case registration(open: Bool)
    }

    let kind: Kind

    /// Stop admission and checkout.
    public static let pause = ControlAction(kind: .pause)
    /// Start admission and checkout again.
    public static let resume = ControlAction(kind: .resume)
    /// End the sale.
    public static let close = ControlAction(kind: .close)
    /// Release every live reservation and restore stock; no refunds.
    public static let rollback = ControlAction(kind: .rollback)
    /// Stop new registrations.
    public static let haltRegistration = ControlAction(kind: .registration(open: false))
    /// Accept registrations again.
    public static let reopenRegistration = ControlAction(kind: .registration(open: true))

    /// Admit `perSecond` shoppers a second.
    public static func throttle(_ perSecond: Int) -> ControlAction {
        ControlAction(kind: .throttle(perSecond))
    }

    /// The last path component of the call: `/admin/sales/{id}/<endpoint>`.
    public var endpoint: String {
        switch kind {
        case .pause: "pause"
        case .resume: "resume"
        case .close: "close"
        case .rollback: "rollback"
        case .throttle: "throttle"
        case .registration: "registration"
        }
    }

    /// The JSON body of the call.
    public var body: String {
        switch kind {
        case .pause, .resume, .close: "{}"
        case .rollback: #"{"refund":"none"}"#
        case .throttle(let rate): #"{"admit_per_second":\#(rate)}"#
        case .registration(let open): #"{"open":\#(open)}"#
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
        case .pause, .close, .rollback, .registration(open: false): true
        case .resume, .throttle, .registration(open: true): false
        }
    }

    /// Whether the confirmation asks for the sale id to be typed.
    public var needsTypedSaleID: Bool { kind == .rollback }

    /// What the operator reads: `pause`, `throttle to 40/s`, `halt registration`.
    public var description: String {
        switch kind {
        case .pause: "pause"
        case .resume: "resume"
        case .close: "close"
        case .rollback: "rollback"
        case .throttle(let rate): "throttle to \(rate)/s"
        case .registration(let open): open ? "reopen registration" : "halt registration"
        }
    }
}
