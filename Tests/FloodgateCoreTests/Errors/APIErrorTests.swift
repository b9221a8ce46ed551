import Foundation
import Testing

import FloodgateCore

@Suite("API errors and states")
struct APIErrorTests {
    @Test("carries the documented status for each code", arguments: [
        (APIError.badRequest(), 400, "bad_request"), (.unauthorized(), 401, "unauthorized"),
        (.paymentFailed(), 402, "payment_failed"), (.forbidden(), 403, "forbidden"), (.powInvalid(), 403, "pow_invalid"),
        (.notAdmitted(), 403, "not_admitted"), (.notFound(), 404, "not_found"),
        (.registrationClosed(), 409, "registration_closed"), (.soldOut(), 409, "sold_out"),
        (.alreadyCommitted(), 409, "already_committed"), (.conflict(), 409, "conflict"),
        (.reservationExpired(), 410, "reservation_expired"), (.payloadTooLarge(), 413, "payload_too_large"),
        (.limitReached(), 429, "limit_reached"), (.rateLimited(), 429, "rate_limited"),
        (.internalError(), 500, "internal_error"), (.paused(), 503, "paused"), (.unavailable(), 503, "unavailable"),
    ])
    func statuses(error: APIError, status: Int, code: String) {
        #expect(error.status == status)
        #expect(error.code == code)
        #expect(!error.message.isEmpty)
    }

    @Test("encodes the error envelope")
    func envelope() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let plain = String(decoding: try encoder.encode(APIError.soldOut("No more AJ1-RED-42.")), as: UTF8.self)
        #expect(plain == #"{"error":{"code":"sold_out","message":"No more AJ1-RED-42."}}"#)
        let detailed = APIError.badRequest("bad", problems: [FieldProblem(field: "qty", message: "must be at least 1")])
        let text = String(decoding: try encoder.encode(detailed), as: UTF8.self)
        #expect(text == #"{"error":{"code":"bad_request","message":"bad","problems":[{"field":"qty","message":"must be at least 1"}]}}"#)
    }

    @Test("maps token errors to 401 and foreign tokens to 403", arguments: [
        (TokenError.malformed, 401), (.badSignature, 401), (.expired, 401), (.foreign, 403),
    ])
    func tokenErrors(error: TokenError, status: Int) {
        #expect(APIError(error).status == status)
    }

    @Test("maps every proof-of-work error to 403 pow_invalid", arguments: [
        ProofOfWorkError.malformed, .badSignature, .expired, .wrongSale, .insufficientWork,
    ])
    func powErrors(error: ProofOfWorkError) {
        #expect(APIError(error).code == "pow_invalid")
        #expect(APIError(error).status == 403)
    }

    @Test("maps a sale definition error to 400 with its problems")
    func saleErrors() {
        let error = SaleDefinitionError(problems: [FieldProblem(field: "id", message: "is required")])
        #expect(APIError(error) == .badRequest("invalid sale definition (1 problem): id: is required", problems: error.problems))
    }

    @Test("uses the API's state strings")
    func stateStrings() {
        #expect(SaleState.allCases.map(\.rawValue) == ["scheduled", "prequeue", "running", "paused", "sold_out", "closed", "rolling_back"])
        #expect(TokenState.allCases.map(\.rawValue) == ["pre_registered", "waiting", "admitted", "sold_out", "paused", "closed", "expired"])
        #expect(Fairness.allCases.map(\.rawValue) == ["fifo", "lottery"])
    }
}
