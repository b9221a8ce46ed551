import Foundation

/// What the guards did about one fault: the first `fire` of any guard from the second the fault
/// started to a few seconds after it ended, and when the guards that fired in that time recovered.
/// Times are whole seconds, as the audit records them.
public struct GuardResponse: Sendable, Encodable, Hashable {
    /// How long after its end a fault may still be what a guard fires for.
    static let graceSeconds = 3.0

    /// The guard that fired first, such as `guard:payment_success`.
    public var actor: String
    /// Seconds from the fault's start to that fire (0 when in the second it started).
    public var actedAfterSeconds: Double
    /// What it did, from its audit detail: `pause the sale`; `would pause the sale` in observe mode.
    public var effect: String
    /// Seconds from the fault's end to the last `recover` of the guards that fired (negative when
    /// before the end); nil when one of them had not recovered by the end of the run.
    public var recoveredAfterSeconds: Double?

    /// The response to `span` in `events` (oldest first); nil when no guard fired for it.
    init?(_ events: [GuardEvent], span: FaultSpan) {
        let from = span.startedAtSeconds.rounded(.down)
        let fires = events.indices.filter { index in
            events[index].action == "fire" && (from...(span.endedAtSeconds + Self.graceSeconds)).contains(events[index].atSeconds)
        }
        guard let first = fires.first.map({ events[$0] }) else { return nil }
        actor = first.actor
        actedAfterSeconds = max(0, first.atSeconds - span.startedAtSeconds)
        effect = Self.effect(first.detail)
        recoveredAfterSeconds = Self.lastRecovery(after: fires, in: events).map { $0 - span.endedAtSeconds }
    }

    /// The effect in an audit detail (`<figure>; <effect>`).
    static func effect(_ detail: String) -> String {
        detail.range(of: "; ", options: .backwards).map { String(detail[$0.upperBound...]) } ?? detail
    }

    /// When the last of the guards fired at `fires` (indices in `events`) recovered, each its
    /// first `recover` after its fire; nil when one did not.
    private static func lastRecovery(after fires: [Int], in events: [GuardEvent]) -> Double? {
        var last = -Double.infinity
        for fire in fires {
            let actor = events[fire].actor
            guard let recovery = events[(fire + 1)...].first(where: { $0.actor == actor && $0.action == "recover" }) else { return nil }
            last = max(last, recovery.atSeconds)
        }
        return last
    }
}
