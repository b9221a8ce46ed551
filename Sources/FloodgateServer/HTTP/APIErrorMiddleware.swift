import FloodgateCore
import FloodgateEngine
import Foundation
import Hummingbird
import Logging

/// Turns every failure into the API's error envelope `{"error": {"code", "message"}}` with its
/// status: ``FloodgateCore/APIError`` as it is (``RetryLater`` with `Retry-After`), the engine's ``SaleEngineError`` by its mapping
/// (Redis trouble as 503), Hummingbird's errors (unknown route, body too large) by their status,
/// anything else as 500.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return APIErrorReply.reply(for: error, logger: context.logger).response
        }
    }
}

/// The one mapping from a failure to its answer, for the router (``APIErrorMiddleware``) and
/// the pipeline's fast path (``HotRouteHandler``) alike.
enum APIErrorReply {
    /// The answer for `error`; Redis trouble, protocol drift and unexpected errors are logged.
    static func reply(for error: any Error, logger: Logger) -> JSONReply {
        switch error {
        case let error as APIError:
            return error.reply()
        case let retry as RetryLater:
            var reply = retry.error.reply()
            reply.headers[.retryAfter] = String(retry.seconds)
            return reply
        case let error as HTTPError:
            return translate(error).reply()
        case let error as SaleEngineError:
            switch error {
            case .redis: logger.warning("request failed on Redis", metadata: ["error": "\(error)"])
            case .protocolDrift, .malformedData: logger.error("unexpected data from Redis", metadata: ["error": "\(error)"])
            default: break
            }
            if let seconds = error.retryAfterSeconds { return reply(for: RetryLater(APIError(error), after: Double(seconds)), logger: logger) }
            return APIError(error).reply()
        default:
            logger.error("request failed", metadata: ["error": "\(error)"])
            return APIError.internalError().reply()
        }
    }

    private static func translate(_ error: HTTPError) -> APIError {
        switch error.status {
        case .contentTooLarge: APIError.payloadTooLarge("The request body is larger than 16 KiB.")
        case .notFound: APIError.notFound(error.body ?? "No such route.")
        case .methodNotAllowed: APIError(status: 405, code: "method_not_allowed", message: "This method is not allowed here.")
        case .unauthorized: APIError.unauthorized(error.body ?? "A valid token is required.")
        default: APIError(status: Int(error.status.code), code: "http_\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
        }
    }
}

extension APIError {
    /// The error with its JSON envelope.
    func reply() -> JSONReply {
        let body = problems.isEmpty
            ? Array(#"{"error":{"code":\#(JSONText.quote(code)),"message":\#(JSONText.quote(message))}}"#.utf8)
            : Array((try? JSONEncoder().encode(self)) ?? Data())
        return JSONReply(body, status: HTTPResponse.Status(code: status))
    }

    /// The error as an HTTP response with its JSON envelope.
    func response() -> Response { reply().response }
}
