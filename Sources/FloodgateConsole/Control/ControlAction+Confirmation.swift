/// The words of a confirmation modal: what is asked, what it does, and the confirm button.
public struct Confirmation: Sendable, Hashable {
    /// The modal's title.
    public var title: String
    /// The exact effect, one paragraph.
    public var effect: String
    /// The confirm button's label.
    public var confirmLabel: String
}

extension ControlAction {
    /// The confirmation text for this action on a sale.
    /// - Parameters:
    ///   - saleID: the sale's id.
    ///   - saleName: its display name (may be empty).
    public func confirmation(saleID: String, saleName: String) -> Confirmation {
        let sale = saleName.isEmpty || saleName == saleID ? "sale \(saleID)" : "sale \(saleID) (\(saleName))"
        switch kind {
        case .pause:
            return Confirmation(
                title: "Pause \(sale)?",
                effect: "Admission and checkout stop for every shopper until you resume. Queue positions and live reservations are kept.",
                confirmLabel: "Pause sale")
        case .registration(open: false):
            return Confirmation(
                title: "Halt registration for \(sale)?",
                effect: "New shoppers can no longer join the queue. Shoppers already queued keep their place; admission and checkout go on.",
                confirmLabel: "Halt registration")
        case .close:
            return Confirmation(
                title: "Close \(sale)?",
                effect: "The sale ends: no more admission or checkout. Orders already committed stay. This cannot be undone.",
                confirmLabel: "Close sale")
        case .rollback:
            return Confirmation(
                title: "Roll back \(sale)?",
                effect: "The sale is paused, every live reservation is released and its stock restored. "
                    + "Committed orders are kept and nothing is refunded (refund: none).",
                confirmLabel: "Roll back")
        case .resumeAfterGuard(let actor, let reason):
            return Confirmation(
                title: "Resume \(sale) despite \(actor)?",
                effect: "\(actor): \(reason). The runbook says do not resume until the cause is found and fixed. "
                    + "Admission and checkout start again at once for every shopper.",
                confirmLabel: "Resume anyway")
        case .throttle(0):
            return Confirmation(
                title: "Stop admission for \(sale) (throttle to 0/s)?",
                effect: "No one else leaves the queue until the rate is raised again. Shoppers already admitted go on checking out.",
                confirmLabel: "Stop admission")
        case .throttle(let rate):
            return Confirmation(
                title: "Throttle \(sale) to \(rate)/s?",
                effect: "Admission falls to \(rate)/s, less than half of the current rate: the queue's wait grows more than twofold.",
                confirmLabel: "Throttle")
        case .block(let source):
            return Confirmation(
                title: "Block \(source) in \(sale)?",
                effect: "New registrations from \(source) are refused (403 blocked); its sessions already queued score 1 and are held or evicted "
                    + "as the bot policy says when it enforces. Audited; undo with POST /admin/sales/{id}/bots/block {\"unblock\":true}.",
                confirmLabel: "Block")
        case .botMode(let mode):
            return Confirmation(
                title: "Switch the bot policy of \(sale) to \(mode)?",
                effect: mode == "enforce"
                    ? "High-scoring sessions are challenged, held back from admission and evicted (their reservations released) as the thresholds say."
                    : "Actions stop: sessions are only scored and counted as what would have happened. Holds already made stay.",
                confirmLabel: mode == "enforce" ? "Enforce" : "Observe")
        default:
            return Confirmation(title: "\(description) for \(sale)?", effect: "", confirmLabel: "Confirm")
        }
    }
}
