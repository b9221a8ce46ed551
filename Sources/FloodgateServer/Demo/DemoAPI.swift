import FloodgateCore
import FloodgateHTTPClient
import Foundation
import NIOHTTP1

/// The public API as one of the demo's simulated visitors calls it: over HTTP, on one keep-alive
/// connection to the daemon's own listener, with the headers its browser sends.
struct DemoAPI: Sendable {
    let connection: HTTPClientConnection
    let saleID: String
    /// The `User-Agent` and `Accept-Language` every call carries (a token is bound to them).
    let browser: DemoBrowser

    /// `GET /queue/challenge` (solved when the sale asks for proof of work), then
    /// `POST /queue/register`. - Returns: the queue token, nil when refused.
    func register(_ user: String) async throws -> String? {
        var pow = ""
        let challenge = try await send(.GET, "/queue/challenge?sale_id=\(saleID)")
        if let fields = challenge.fields, let difficulty = fields["difficulty"] as? Int, difficulty > 0, let text = fields["challenge"] as? String {
            let nonce = ProofOfWork.solve(challenge: text, difficulty: difficulty)
            pow = #","pow":{"challenge":\#(JSONText.quote(text)),"nonce":"\#(nonce)"}"#
        }
        let reply = try await send(.POST, "/queue/register", body: #"{"sale_id":\#(JSONText.quote(saleID)),"user_id":\#(JSONText.quote(user))\#(pow)}"#)
        return reply.fields?["token"] as? String
    }

    /// `GET /queue/status`. - Returns: the state (nil when refused) and how long to wait before the next poll.
    func status(_ token: String) async throws -> (state: String?, pollAfter: Duration) {
        let reply = try await send(.GET, "/queue/status", token: token)
        let wait = reply.fields?["poll_after_ms"] as? Int ?? 1_000
        return (reply.status == 200 ? reply.fields?["state"] as? String : nil, .milliseconds(wait))
    }

    /// `POST /checkout/reserve` of one unit. - Returns: the reservation id, nil when refused.
    func reserve(_ token: String, sku: String) async throws -> String? {
        let reply = try await send(.POST, "/checkout/reserve", token: token, body: #"{"sku":\#(JSONText.quote(sku)),"qty":1}"#)
        return reply.status == 201 ? reply.fields?["reservation_id"] as? String : nil
    }

    /// `POST /checkout/commit` with an Idempotency-Key, asked again (same key) while the payment is pending.
    /// - Returns: the final status code.
    func commit(_ token: String, reservation: String) async throws -> Int {
        let body = #"{"reservation_id":\#(JSONText.quote(reservation)),"payment":{"method":"card"}}"#
        for _ in 0..<5 {
            let reply = try await send(.POST, "/checkout/commit", token: token, body: body, extra: [("Idempotency-Key", "demo-\(reservation)")])
            guard reply.status == 202 else { return reply.status }
            let retry = reply.headers.first(name: "Retry-After").flatMap(Int.init) ?? 1
            try await Task.sleep(for: .seconds(min(max(retry, 1), 5)))
        }
        return 202
    }

    /// `POST /checkout/cancel`.
    func cancel(_ token: String, reservation: String) async throws {
        _ = try await send(.POST, "/checkout/cancel", token: token, body: #"{"reservation_id":\#(JSONText.quote(reservation))}"#)
    }

    private func send(_ method: NIOHTTP1.HTTPMethod, _ path: String, token: String? = nil, body: String? = nil,
                      extra: [(String, String)] = []) async throws -> HTTPReply {
        var headers = [("User-Agent", browser.userAgent), ("Accept-Language", browser.language), ("Accept", "application/json")] + extra
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await connection.send(HTTPCall(method, path, headers: HTTPHeaders(headers), json: body))
    }
}

extension HTTPReply {
    /// The body's top-level JSON object; nil when it is not one.
    var fields: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] }
}

/// What a visitor's browser shows of itself.
struct DemoBrowser: Sendable {
    let userAgent: String
    let language: String

    /// A shopper's browser, one of a few common ones.
    static func shopper() -> DemoBrowser {
        DemoBrowser(
            userAgent: [
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            ].randomElement()!,
            language: ["en-GB,en;q=0.8", "en-US,en;q=0.9", "de-DE,de;q=0.9,en;q=0.5", "fr-FR,fr;q=0.9"].randomElement()!
        )
    }

    /// The bots' script.
    static let bot = DemoBrowser(userAgent: "python-requests/2.32.3", language: "en")
}
