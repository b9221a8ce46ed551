import FloodgateCore
import Foundation
import Hummingbird

/// `POST /checkout/reserve`'s body: `{"sku", "qty"}`.
struct ReserveBody {
    /// The most units one reservation may ask for, whatever the sale's per-user limit.
    static let maxQuantity = 1_000

    let sku: String
    let qty: Int

    init(_ request: Request) async throws {
        var (members, reader) = try await JSONRequest.object(request, allowedKeys: ["sku", "qty"])
        reader.require("sku", in: members, at: "")
        reader.require("qty", in: members, at: "")
        let sku = reader.string("sku", in: members, at: "")
        let qty = reader.integer("qty", in: members, at: "")
        if let sku, sku.isEmpty || sku.utf8.count > 64 { reader.report("sku", "must be 1 to 64 characters") }
        if let qty, !(1...Self.maxQuantity).contains(qty) { reader.report("qty", "must be from 1 to \(Self.maxQuantity), got \(qty)") }
        try JSONRequest.check(reader)
        self.sku = sku!
        self.qty = qty!
    }
}

/// A body naming a reservation: `{"reservation_id", ...}`; the raw bytes are kept for the
/// commit's idempotency fingerprint.
struct ReservationBody {
    let reservationID: String
    let raw: [UInt8]

    init(_ request: Request, allowedKeys: Set<String>) async throws {
        var request = request
        let buffer = try await JSONRequest.bytes(&request)
        var (members, reader) = try JSONRequest.object(buffer, allowedKeys: allowedKeys)
        reader.require("reservation_id", in: members, at: "")
        let id = reader.string("reservation_id", in: members, at: "")
        if let id, id.isEmpty || id.utf8.count > 64 { reader.report("reservation_id", "must be 1 to 64 characters") }
        if let payment = members["payment"], payment != .null { _ = reader.object(payment, at: "payment", allowedKeys: nil) }
        try JSONRequest.check(reader)
        self.reservationID = id!
        self.raw = buffer
    }
}

/// `POST /checkout/reserve`'s answer.
struct ReserveAnswer {
    let reservationID: String
    let sku: String
    let qty: Int
    let expiresAt: String

    /// The JSON object, written in one piece: every reservation answers it.
    var json: String {
        #"{"reservation_id":\#(JSONText.quote(reservationID)),"sku":\#(JSONText.quote(sku)),"qty":\#(qty),"expires_at":\#(JSONText.quote(expiresAt)),"status":"reserved"}"#
    }
}
