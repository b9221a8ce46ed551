import FloodgateCore
import FloodgateRedis
import Foundation

extension SaleEngine {
    /// Reserves `qty` units of `sku` for an admitted shopper.
    /// - Parameter position: the shopper's queue position (after the lottery draw, if any).
    /// - Throws: ``FloodgateCore/APIError`` 503 `paused`, 409 `sale_closed`, 403 `not_admitted`,
    ///   403 `admission_expired`, 404 `unknown_sku`, 429 `limit_reached`, 409 `sold_out`.
    public func reserve(saleID: String, userID: String, position: UInt64, sku: String, qty: Int) async throws -> Reservation {
        let keys = SaleKeys(saleID: saleID)
        let id = Self.newID(prefix: "r_")
        let reply = try await run(
            scripts.reserve,
            keys: [keys.control, keys.reservation(id)],
            arguments: [id, userID, String(position), sku, String(qty)]
        )
        switch reply.code {
        case "ok":
            return Reservation(id: id, sku: sku, qty: qty, expiresAtMs: Int64(reply.int(1)))
        case "paused": throw APIError.paused()
        case "closed": throw Self.saleClosed
        case "not_admitted": throw APIError.notAdmitted()
        case "admission_expired":
            throw APIError(status: 403, code: "admission_expired", message: "Your admission window has passed.")
        case "unknown_sku": throw APIError.notFound("Unknown SKU \(sku).").with(code: "unknown_sku")
        case "limit_reached":
            throw APIError.limitReached("You hold \(reply.int(1)) of at most \(reply.int(2)) units.")
        default: throw APIError.soldOut("Not enough units of \(sku) are left.")
        }
    }

    /// Cancels a reservation; cancelling again gives the same answer.
    /// - Throws: ``FloodgateCore/APIError`` 404, 409 `already_committed`, 409 `commit_in_progress`, 409 `reservation_expired`.
    public func cancel(saleID: String, userID: String, reservationID: String) async throws {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.cancel, keys: [keys.control, keys.reservation(reservationID)], arguments: [reservationID, userID])
        switch reply.code {
        case "cancelled": return
        case "not_found": throw APIError.notFound("No such reservation.")
        case "already_committed": throw APIError.alreadyCommitted()
        case "in_progress": throw Self.commitInProgress
        default: throw APIError(status: 409, code: "reservation_expired", message: "The reservation has expired; its units went back to stock.")
        }
    }

    static let saleClosed = APIError(status: 409, code: "sale_closed", message: "The sale is closed.")
    static let commitInProgress = APIError(status: 409, code: "commit_in_progress", message: "A payment for this reservation is in progress.")

    /// A random id such as `r_3f9a0c...` (96 bits).
    static func newID(prefix: String) -> String {
        RandomIDs.shared.next(prefix: prefix)
    }
}
