import FloodgateCore
import FloodgateRedis

extension SaleEngine {
    /// Applies a switch to a sale.
    /// - Returns: the sale's state afterwards.
    /// - Throws: ``SaleEngineError/invalidState(action:state:)`` when the switch does not apply in the current state,
    ///   ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived (nothing is written).
    @discardableResult
    public func control(saleID: String, _ action: ControlAction) async throws -> SaleState {
        let reply = try await run(scripts.control, keys: [SaleKeys(saleID: saleID).control], arguments: action.arguments)
        try reply.requireSale(saleID)
        let stateName = try reply.text(1)
        guard let state = SaleState(rawValue: stateName) else { throw SaleEngineError.protocolDrift("control: state \(stateName)") }
        guard reply.code == "ok" else { throw SaleEngineError.invalidState(action: action.arguments[0], state: stateName) }
        return state
    }

    /// Rolls a sale back: stops it, releases every live reservation (voiding the attempts of
    /// those being paid for), refunds the orders in `scope` through the gateway, and leaves it
    /// paused (a closed sale stays closed), with `actor` named as who paused it. Resumable: an
    /// interrupted rollback is finished by running it again, and running it twice changes nothing more.
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived (nothing is written).
    public func rollback(saleID: String, refunds scope: RefundScope, by actor: String) async throws -> RollbackReport {
        let keys = SaleKeys(saleID: saleID)
        var report = RollbackReport(released: 0, refunded: 0, alreadyRefunded: 0)
        while true {
            let live = try strings(try await command(["ZRANGE", keys.expiry, "0", "249"]), "ZRANGE expiry")
                + strings(try await command(["ZRANGE", keys.paying, "0", "249"]), "ZRANGE paying")
            var records: [String?] = []
            for id in live { records.append(try await command(["HGET", keys.reservation(id), "idem"]).string) }
            let batch = try await run(scripts.rollback, keys: keys.rollbackKeys(reservationIDs: live, records: records),
                                      arguments: [Self.goneBody] + live)
            try batch.requireSale(saleID)
            report.released += try batch.integer(0)
            try await voidQueued(saleID: saleID)
            if try batch.integer(1) == 0 { break }
        }
        for (order, reservation) in try await orders(keys: keys, scope: scope) {
            guard let attempt = try await command(["HGET", keys.reservation(reservation), "attempt"]).string else {
                throw SaleEngineError.protocolDrift("order \(order) of reservation \(reservation) names no payment attempt")
            }
            try await gateway.refund(saleID: saleID, attemptID: attempt)
            let reply = try await run(scripts.refund, keys: keys.refundKeys(reservationID: reservation), arguments: [reservation])
            if reply.code == "refunded" { report.refunded += 1 }
            if reply.code == "already_refunded" { report.alreadyRefunded += 1 }
        }
        try await control(saleID: saleID, ControlAction(kind: .rollbackDone(actor: actor)))
        return report
    }

    /// Expires due reservations of a sale (due on the sale's clock), returning their stock, a
    /// batch at a time. The due ids are read first and passed to `expire.lua`, which checks
    /// each again.
    /// - Returns: how many expired.
    @discardableResult
    public func sweepExpired(saleID: String, batch: Int = 200) async throws -> Int {
        let keys = SaleKeys(saleID: saleID)
        var expired = 0
        while true {
            let now = try await saleClockMs(keys)
            let due = try strings(try await command(["ZRANGEBYSCORE", keys.expiry, "-inf", String(now), "LIMIT", "0", String(batch)]),
                                  "ZRANGEBYSCORE expiry")
            if due.isEmpty { return expired }
            expired += try await run(scripts.expire, keys: keys.expireKeys(reservationIDs: due), arguments: due).integer(0)
            if due.count < batch { return expired }
        }
    }

    /// The orders in scope as (order id, reservation id) pairs.
    private func orders(keys: SaleKeys, scope: RefundScope) async throws -> [(String, String)] {
        let minimum: String
        switch scope {
        case .none: return []
        case .all: minimum = "-inf"
        case .since(let ms): minimum = String(ms)
        }
        let members = try strings(try await command(["ZRANGEBYSCORE", keys.orders, minimum, "+inf"]), "ZRANGEBYSCORE orders")
        return try members.map { member in
            let parts = member.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw SaleEngineError.protocolDrift("order entry \(member)") }
            return (parts[0], parts[1])
        }
    }
}
