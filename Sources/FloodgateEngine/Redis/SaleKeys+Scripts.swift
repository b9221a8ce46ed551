/// The KEYS of each script, in the order its header documents. Every key a script touches is
/// here: no script builds a key name.
extension SaleKeys {
    /// `register.lua`: ctl, the challenge's key (`pow:none` without proof of work), users, counters,
    /// and the bot defense's sessions, sources, subnets, fingerprints and dirty keys.
    public func registerKeys(challengeID: String?) -> [String] {
        [control, challenge(challengeID ?? "none"), users, counters] + [BotKey.sessions, .sources, .subnets, .fingerprints, .dirty].map(bot)
    }

    /// `reserve.lua`: ctl, the new reservation, inv, held, expiry, counters, ledger, and the bot
    /// defense's held and revoked keys and the user's reservations list.
    public func reserveKeys(reservationID: String, user: String) -> [String] {
        [control, reservation(reservationID), inventory, held, expiry, counters, ledger, bot(.held), bot(.revoked), userReservations(user)]
    }

    /// `tick.lua`: ctl, admits, inv, counters, bot held.
    var tickKeys: [String] { [control, admits, inventory, counters, bot(.held)] }

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

    /// `commit_begin.lua`: ctl, the reservation, the idempotency record, inv, held, expiry, paying, ledger, counters.
    func commitBeginKeys(reservationID: String, idempotency record: String) -> [String] {
        [control, reservation(reservationID), record, inventory, held, expiry, paying, ledger, counters]
    }

    /// `commit_finish.lua`: the keys of `commit_begin.lua`, then orders, voids and the payment outcomes.
    func commitFinishKeys(reservationID: String, idempotency record: String) -> [String] {
        commitBeginKeys(reservationID: reservationID, idempotency: record) + [orders, voids, paymentOutcomes]
    }

    /// `expire.lua`: ctl, inv, held, expiry, paying, ledger, counters, then each reservation's key.
    func expireKeys(reservationIDs: [String]) -> [String] {
        [control, inventory, held, expiry, paying, ledger, counters] + reservationIDs.map(reservation)
    }

    /// `rollback.lua`: ctl, inv, held, expiry, paying, ledger, voids, counters, then each
    /// reservation's key and its idempotency record (`records`, the reservation's `idem` field;
    /// the ledger's key stands in when it has none, and is never written as a record).
    func rollbackKeys(reservationIDs: [String], records: [String?]) -> [String] {
        var keys = [control, inventory, held, expiry, paying, ledger, voids, counters]
        for (id, record) in zip(reservationIDs, records) { keys += [reservation(id), record ?? ledger] }
        return keys
    }
}
