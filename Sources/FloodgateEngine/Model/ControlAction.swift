/// An operator's or a guard's switch on a sale. A struct over an internal enum, so that new
/// switches can be added without breaking callers.
public struct ControlAction: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case pause(reason: String, actor: String)
        case resume
        case close
        case throttle(admitPerSecond: Double)
        case registration(open: Bool)
        case payment(failureRate: Double, latencyMs: Int)
        case rollbackDone(actor: String)
    }

    let kind: Kind

    /// Stop admission and checkout, recording why, who (an operator, or `guard:<name>`) and when.
    public static func pause(reason: String, by actor: String) -> ControlAction {
        ControlAction(kind: .pause(reason: reason, actor: actor))
    }
    /// Back to the state before the pause.
    public static let resume = ControlAction(kind: .resume)
    /// End the sale.
    public static let close = ControlAction(kind: .close)
    /// Set the admission rate.
    public static func throttle(admitPerSecond: Double) -> ControlAction { ControlAction(kind: .throttle(admitPerSecond: admitPerSecond)) }
    /// Halt or reopen registration.
    public static func registration(open: Bool) -> ControlAction { ControlAction(kind: .registration(open: open)) }
    /// Change the simulated gateway.
    public static func payment(failureRate: Double, latencyMs: Int) -> ControlAction {
        ControlAction(kind: .payment(failureRate: failureRate, latencyMs: latencyMs))
    }

    /// The control script's arguments.
    var arguments: [String] {
        switch kind {
        case .pause(let reason, let actor): ["pause", reason, actor]
        case .resume: ["resume"]
        case .close: ["close"]
        case .throttle(let rate): ["throttle", String(rate)]
        case .registration(let open): ["registration", open ? "1" : "0"]
        case .payment(let rate, let latency): ["payment", String(rate), String(latency)]
        case .rollbackDone(let actor): ["rollback_done", actor]
        }
    }

    public var description: String { arguments.joined(separator: " ") }
}

/// Which committed orders a rollback refunds.
public enum RefundScope: Sendable, Hashable {
    case none
    case all
    /// Orders committed at or after this time (ms since 1970).
    case since(Int64)
}

/// What a rollback did.
public struct RollbackReport: Sendable, Hashable, Encodable {
    /// Live reservations released (their units back in stock).
    public var released: Int
    /// Orders refunded now (their units back in stock).
    public var refunded: Int
    /// Orders in scope that had been refunded by an earlier run.
    public var alreadyRefunded: Int

    /// Creates a report.
    public init(released: Int, refunded: Int, alreadyRefunded: Int) {
        self.released = released
        self.refunded = refunded
        self.alreadyRefunded = alreadyRefunded
    }

    enum CodingKeys: String, CodingKey {
        case released, refunded, alreadyRefunded = "already_refunded"
    }
}
