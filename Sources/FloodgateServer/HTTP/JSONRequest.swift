import FloodgateCore
import Foundation
import Hummingbird
import NIOCore

/// Reading JSON request bodies: at most 16 KiB, an object, fields checked with every problem listed.
enum JSONRequest {
    /// The largest body the API accepts.
    static let maxBodyBytes = 16 * 1024

    /// Reads the body as a JSON object.
    /// - Throws: ``FloodgateCore/APIError`` 413 for a larger body, 400 for anything but a JSON object.
    static func object(_ request: Request, allowedKeys: Set<String>?) async throws -> (members: [String: JSONValue], reader: FieldReader) {
        var request = request
        return try object(try await bytes(&request), allowedKeys: allowedKeys)
    }

    /// The body's bytes.
    /// - Throws: ``FloodgateCore/APIError`` 413 for a body over 16 KiB.
    static func bytes(_ request: inout Request) async throws -> [UInt8] {
        let tooLarge = APIError.payloadTooLarge("The request body is larger than 16 KiB.")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes { throw tooLarge }
        do {
            return Array(try await request.collectBody(upTo: maxBodyBytes).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// Parses bytes as a JSON object; `allowedKeys` nil accepts any key.
    /// - Throws: ``FloodgateCore/APIError`` 400 for anything but a JSON object.
    static func object(_ bytes: [UInt8], allowedKeys: Set<String>?) throws -> (members: [String: JSONValue], reader: FieldReader) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw APIError.badRequest("The request body is not valid JSON: \(error.reason) at byte \(error.offset).")
        }
        var reader = FieldReader()
        guard let members = reader.object(value, at: "", allowedKeys: allowedKeys) else {
            throw APIError.badRequest("The request body must be a JSON object.", problems: reader.problems)
        }
        return (members, reader)
    }

    /// Throws 400 with every problem the reader recorded, if any.
    static func check(_ reader: FieldReader) throws {
        guard !reader.problems.isEmpty else { return }
        let summary = reader.problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        throw APIError.badRequest("Invalid request: \(summary)", problems: reader.problems)
    }
}

/// Encoding responses as JSON.
enum JSONResponse {
    /// A JSON response from an `Encodable` value.
    static func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return raw(try encoder.encode(value), status: status)
    }

    /// A JSON response from bytes already encoded.
    static func raw(_ body: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        JSONReply(body, status: status).response
    }
}
