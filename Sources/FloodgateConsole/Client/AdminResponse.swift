import FloodgateHTTPClient
import Foundation

/// An admin API response: the status and the body.
public struct AdminResponse: Sendable, Hashable {
    public var status: Int
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// `409 invalid_state: the sale is closed` from the API's error envelope, or the status and
    /// the start of the body when there is no envelope.
    public var errorSummary: String {
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body)) {
            return "\(status) \(envelope.error.code): \(envelope.error.message)"
        }
        let text = String(decoding: body.prefix(120), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)"
    }

    private struct Envelope: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }

        var error: Detail
    }
}

/// Why an admin call did not get a response.
public enum AdminClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The daemon could not be reached (refused, unresolvable, no route).
    case unreachable(String)
    /// No answer in time.
    case timeout
    /// The connection closed before the response was complete.
    case closed
    /// A streaming call got an error status.
    case status(Int, String)

    public var description: String {
        switch self {
        case .unreachable(let reason): "cannot connect: \(reason)"
        case .timeout: "no answer in time"
        case .closed: "connection closed"
        case .status(_, let summary): summary
        }
    }

    /// Runs `body`, turning the HTTP client's errors into ``AdminClientError``s.
    static func mapping<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as AdminClientError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch HTTPClientError.timedOut {
            throw AdminClientError.timeout
        } catch HTTPClientError.connectionLost {
            throw AdminClientError.closed
        } catch HTTPClientError.unreachable(let reason) {
            throw AdminClientError.unreachable(reason)
        } catch {
            throw AdminClientError.unreachable(String(describing: error))
        }
    }
}
