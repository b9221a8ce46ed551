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
        } catch let error as APIError {
            return error.response()
        } catch let retry as RetryLater {
            var response = retry.error.response()
            response.headers[.retryAfter] = String(retry.seconds)
            return response
        } catch let error as HTTPError {
            return Self.translate(error).response()
        } catch let error as SaleEngineError {
            switch error {
            case .redis: context.logger.warning("request failed on Redis", metadata: ["error": "\(error)"])
            case .protocolDrift, .malformedData: context.logger.error("unexpected data from Redis", metadata: ["error": "\(error)"])
            default: break
            }
            return APIError(error).response()
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return APIError.internalError().response()
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
    /// The error as an HTTP response with its JSON envelope.
    func response() -> Response {
        let body = problems.isEmpty
            ? Array(#"{"error":{"code":\#(JSONText.quote(code)),"message":\#(JSONText.quote(message))}}"#.utf8)
            : Array((try? JSONEncoder().encode(self)) ?? Data())
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
