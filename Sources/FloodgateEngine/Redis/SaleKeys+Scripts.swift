/// The KEYS of each script, in the order its header documents. Every key a script touches is
/// here: no script builds a key name.
extension SaleKeys {
    /// `register.lua`: ctl, the challenge's key (`pow:none` without proof of work), users, counters.
    public func registerKeys(challengeID: String?) -> [String] {
        [control, challenge(challengeID ?? "none"), users, counters]
    }

    /// `reserve.lua`: ctl, the new reservation, inv, held, expiry, counters, ledger.
    public func reserveKeys(reservationID: String) -> [String] {
        [control, reservation(reservationID), inventory, held, expiry, counters, ledger]
    }

    /// `tick.lua`: ctl, admits, inv, counters.
    var tickKeys: [String] { [control, admits, inventory, counters] }

    /// `create_sale.lua`: ctl, def, inv, ledger, counters.
    var createKeys: [String] { [control, definition, inventory, ledger, counters] }

    /// `cancel.lua`: ctl, the reservation, inv, held, expiry, ledger, counters.
    func cancelKeys(reservationID: String) -> [String] {
        [control, reservation(reservationID), inventory, held, expiry, ledger, counters]
    }

    /// `refund.lua`: ctl, the reservation, inv, held, counters, ledger.
    func refundKeys(reservationID: String) -> [String] {
        [control, reservation(reservationID), inventory, held, counters, ledger]
    }

    /// `commit_begin.lua`: ctl, the reservation, the idempotency record, inv, held, expiry, ledger, counters.
    func commitBeginKeys(reservationID: String, idempotency record: String) -> [String] {
        [control, reservation(reservationID), record, inventory, held, expiry, ledger, counters]
    }

    /// `commit_finish.lua`: the keys of `commit_begin.lua`, then orders.
    func commitFinishKeys(reservationID: String, idempotency record: String) -> [String] {
        commitBeginKeys(reservationID: reservationID, idempotency: record) + [orders]
    }

    /// `expire.lua`: ctl, inv, held, expiry, ledger, counters, then each reservation's key.
    func expireKeys(reservationIDs: [String]) -> [String] {
        [control, inventory, held, expiry, ledger, counters] + reservationIDs.map(reservation)
    }

    /// `rollback.lua`: ctl, inv, held, expiry, ledger, then each reservation's key.
    func rollbackKeys(reservationIDs: [String]) -> [String] {
        [control, inventory, held, expiry, ledger] + reservationIDs.map(reservation)
    }
}
