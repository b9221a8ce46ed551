import FloodgateCore
import FloodgateRedis
import Foundation

extension SaleEngine {
    /// Reserves `qty` units of `sku` for an admitted shopper.
    /// - Parameter position: the shopper's queue position (after the lottery draw, if any).
    /// - Returns: the reservation; its expiry is on the wall clock as of now (a later pause extends it).
    /// - Throws: ``SaleEngineError``: `paused`, `saleClosed`, `notAdmitted`, `admissionExpired`,
    ///   `unknownSKU`, `limitReached`, `soldOut`.
    public func reserve(saleID: String, userID: String, position: UInt64, sku: String, qty: Int) async throws -> Reservation {
        let keys = SaleKeys(saleID: saleID)
        let id = Self.newID(prefix: "r_")
        let reply = try await run(
            scripts.reserve,
            keys: keys.reserveKeys(reservationID: id, user: userID),
            arguments: [id, userID, String(position), sku, String(qty)]
        )
        switch reply.code {
        case "ok": return Reservation(id: id, sku: sku, qty: qty, expiresAtMs: Int64(try reply.integer(1)))
        case "token_revoked": throw SaleEngineError.tokenRevoked
        case "paused": throw SaleEngineError.paused
        case "closed": throw SaleEngineError.saleClosed
        case "not_admitted": throw SaleEngineError.notAdmitted
        case "admission_expired": throw SaleEngineError.admissionExpired
        case "unknown_sku": throw SaleEngineError.unknownSKU(sku)
        case "limit_reached": throw SaleEngineError.limitReached(held: try reply.integer(1), limit: try reply.integer(2))
        case "sold_out": throw SaleEngineError.soldOut(sku: sku)
        default: throw SaleEngineError.protocolDrift("reserve answered \(reply.code)")
        }
    }

    /// Cancels a reservation; cancelling again gives the same answer.
    /// - Throws: ``SaleEngineError``: `reservationNotFound`, `alreadyCommitted`, `commitInProgress`, `reservationExpired`.
    public func cancel(saleID: String, userID: String, reservationID: String) async throws {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.cancel, keys: keys.cancelKeys(reservationID: reservationID), arguments: [reservationID, userID])
        switch reply.code {
        case "cancelled": return
        case "not_found": throw SaleEngineError.reservationNotFound
        case "already_committed": throw SaleEngineError.alreadyCommitted
        case "in_progress": throw SaleEngineError.commitInProgress
        case "expired": throw SaleEngineError.reservationExpired
        default: throw SaleEngineError.protocolDrift("cancel answered \(reply.code)")
        }
    }

    /// A random id such as `r_3f9a0c...` (96 bits).
    static func newID(prefix: String) -> String {
        KernelRandom.shared.id(prefix: prefix)
    }
}
