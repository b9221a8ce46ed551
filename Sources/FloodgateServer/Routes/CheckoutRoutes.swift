import Crypto
import FloodgateCore
import FloodgateEngine
import Foundation
import Hummingbird

/// Checkout for admitted shoppers: `POST /checkout/reserve`, `/commit` and `/cancel`. Every call
/// needs the shopper's queue token; the scripts check admission atomically.
struct CheckoutRoutes: Sendable {
    let services: ServerServices

    /// The routes' paths (also answered by ``TaskRoutes``).
    static let reservePath = "/checkout/reserve"
    static let commitPath = "/checkout/commit"
    static let cancelPath = "/checkout/cancel"

    func add(to router: Router<FloodgateRequestContext>) {
        router.post(RouterPath(Self.reservePath)) { request, context in try await reserve(request, context: context) }
        router.post(RouterPath(Self.commitPath)) { request, context in try await commit(request, context: context) }
        router.post(RouterPath(Self.cancelPath)) { request, context in try await cancel(request, context: context) }
    }

    func reserve(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let token = try checkoutToken(request, context: context)
        let body = try await ReserveBody(request)
        let sale = try await tokenSale(token)
        guard let position = try await services.position(of: token, in: sale) else {
            throw APIError.notAdmitted("The lottery has not been drawn yet.")
        }
        let reservation = try await services.botTimedReserve(token, sale: sale, position: position) {
            try await services.engine.reserve(saleID: token.saleID, userID: token.userID, position: position, sku: body.sku, qty: body.qty)
        }
        let expires = RFC3339.format(Date(timeIntervalSince1970: TimeInterval(reservation.expiresAtMs) / 1000))
        let answer = ReserveAnswer(reservationID: reservation.id, sku: reservation.sku, qty: reservation.qty, expiresAt: expires)
        return JSONResponse.raw(Array(answer.json.utf8), status: .created)
    }

    func commit(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let token = try checkoutToken(request, context: context)
        guard let key = request.headers[.init("Idempotency-Key")!], (1...128).contains(key.utf8.count),
            key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f })
        else {
            throw APIError.badRequest("An Idempotency-Key header (1 to 128 printable characters) is required.").with(code: "idempotency_key_required")
        }
        let body = try await ReservationBody(request, allowedKeys: ["reservation_id", "payment"])
        _ = try await tokenSale(token)
        let fingerprint = SHA256.hash(data: Data(body.raw)).map { String(format: "%02x", $0) }.joined()
        let answer = try await services.engine.commit(saleID: token.saleID, userID: token.userID, reservationID: body.reservationID,
                                                      idempotencyKey: key, fingerprint: fingerprint)
        var response = JSONResponse.raw(Array(answer.body.utf8), status: HTTPResponse.Status(code: answer.status))
        if let seconds = answer.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }

    func cancel(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let token = try checkoutToken(request, context: context)
        let body = try await ReservationBody(request, allowedKeys: ["reservation_id"])
        _ = try await tokenSale(token)
        try await services.engine.cancel(saleID: token.saleID, userID: token.userID, reservationID: body.reservationID)
        return try JSONResponse.encode(["reservation_id": body.reservationID, "status": "cancelled"])
    }

    /// The caller's verified queue token, within its checkout rate limit.
    /// - Throws: 401 for a bad or revoked token; ``RetryLater`` 429 `rate_limited` past the limit.
    private func checkoutToken(_ request: Request, context: FloodgateRequestContext) throws -> QueueToken {
        let token = try services.verifiedToken(request, context: context)
        guard services.checkoutLimiter.allow(token.saleID + "\u{1}" + token.userID) else {
            throw RetryLater(APIError.rateLimited("Too many checkout calls for this token; slow down."),
                             after: services.checkoutLimiter.secondsPerToken)
        }
        return token
    }

    /// The token's sale; a token for a sale this deployment does not know is refused.
    private func tokenSale(_ token: QueueToken) async throws -> SaleView {
        do {
            return try await services.sale(token.saleID)
        } catch let error as APIError where error.status == 404 {
            throw APIError.unauthorized("The token's sale is unknown.")
        }
    }
}
