import FloodgateCore
import FloodgateRedis

extension SaleEngine {
    /// Applies a switch to a sale.
    /// - Returns: the sale's state afterwards.
    /// - Throws: ``FloodgateCore/APIError`` 409 `invalid_state` when the switch does not apply in the current state.
    @discardableResult
    public func control(saleID: String, _ action: ControlAction) async throws -> SaleState {
        let reply = try await run(scripts.control, keys: [SaleKeys(saleID: saleID).control], arguments: action.arguments)
        let state = SaleState(rawValue: reply.string(1) ?? "") ?? .paused
        guard reply.code == "ok" else {
            throw APIError(status: 409, code: "invalid_state", message: "Cannot \(action.arguments[0]) a sale that is \(state.rawValue).")
        }
        return state
    }

    /// Rolls a sale back: stops it, releases every live reservation, refunds the orders in
    /// `scope` through the gateway, and leaves it paused. Resumable: an interrupted rollback
    /// is finished by running it again, and running it twice changes nothing more.
    public func rollback(saleID: String, refunds scope: RefundScope) async throws -> RollbackReport {
        let keys = SaleKeys(saleID: saleID)
        var report = RollbackReport(released: 0, refunded: 0, alreadyRefunded: 0)
        while true {
            let live = try await command(["ZRANGE", keys.expiry, "0", "499"]).array?.compactMap(\.string) ?? []
            let batch = try await run(scripts.rollback, keys: keys.rollbackKeys(reservationIDs: live), arguments: live)
            report.released += batch.int(0)
            try await voidAttempts(batch.strings(from: 2), saleID: saleID)
            if batch.int(1) == 0 { break }
        }
        for (order, reservation) in try await orders(keys: keys, scope: scope) {
            let attempt = try await command(["HGET", keys.reservation(reservation), "attempt"]).string ?? order
            try await gateway.refund(saleID: saleID, attemptID: attempt)
            let reply = try await run(scripts.refund, keys: keys.refundKeys(reservationID: reservation), arguments: [reservation])
            if reply.code == "refunded" { report.refunded += 1 }
            if reply.code == "already_refunded" { report.alreadyRefunded += 1 }
        }
        try await control(saleID: saleID, ControlAction(kind: .rollbackDone))
        return report
    }

    /// Expires due reservations of a sale, returning their stock, a batch at a time.
    /// - Returns: how many expired.
    @discardableResult
    public func sweepExpired(saleID: String, batch: Int = 200) async throws -> Int {
        let keys = SaleKeys(saleID: saleID)
        var expired = 0
        while true {
            let now = try await redisTimeMs()
            let due = try await command(["ZRANGEBYSCORE", keys.expiry, "-inf", String(now), "LIMIT", "0", String(batch)])
                .array?.compactMap(\.string) ?? []
            if due.isEmpty { return expired }
            let reply = try await run(scripts.expire, keys: keys.expireKeys(reservationIDs: due), arguments: due)
            expired += reply.int(0)
            try await voidAttempts(reply.strings(from: 1), saleID: saleID)
            if due.count < batch { return expired }
        }
    }

    private func voidAttempts(_ attempts: [String], saleID: String) async throws {
        for attempt in attempts {
            try await gateway.void(saleID: saleID, attemptID: attempt)
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
        let members = try await command(["ZRANGEBYSCORE", keys.orders, minimum, "+inf"]).array ?? []
        return members.compactMap(\.string).compactMap { member in
            let parts = member.split(separator: ":", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }
}
