import FloodgateCore
import FloodgateEngine
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The shoppers' page: `GET /wait/{sale_id}` (the waiting room; with `?token=` the standing of a
/// shopper who joined without JavaScript, refreshed every 20 s), `POST /wait/{sale_id}` (the
/// form that joins without JavaScript: registers, then 303 to the page with the token) and
/// `GET /wait/assets/{file}` (the style, the script and the proof-of-work worker, cached for a
/// year under names that carry their hash).
struct WaitPageRoutes: Sendable {
    let services: ServerServices
    let queue: QueueRoutes
    let page: WaitPage

    /// How often the page of a shopper without JavaScript reloads, in seconds.
    static let refreshSeconds = 20
    private static let refresh = HTTPField.Name("Refresh")!
    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    private static let securityPolicy = HTTPField.Name("Content-Security-Policy")!

    func add(to router: Router<FloodgateRequestContext>) {
        router.get("/wait/assets/:file") { request, context in
            let file = try context.parameters.require("file")
            guard let response = page.resources.assets.response(file, ifNoneMatch: request.headers[.ifNoneMatch]) else {
                throw APIError.notFound("No such file.")
            }
            return response
        }
        router.get("/wait/:sale_id") { request, context in try await show(request, context: context) }
        router.post("/wait/:sale_id") { request, context in try await join(request, context: context) }
    }

    /// The waiting room, or the unknown-sale page (404).
    func show(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let saleID = try context.parameters.require("sale_id")
        let query = request.uri.queryParameters
        let texts = texts(for: request, lang: query.get("lang").map { String($0) })
        let sale: SaleView
        do {
            sale = try await services.sale(saleID)
        } catch let error as APIError where error.status == 404 {
            return answer(.html(page.notFound(saleID: saleID, texts: texts), status: .notFound))
        }
        let standing = query.get("token").flatMap { shopper(String($0), sale: sale, request: request, context: context) }
        let seedHash = sale.definition.fairness == .lottery ? try? await services.engine.status(of: saleID)?.lotterySeedSHA256 : nil
        let userID = query.get("user_id").map { String($0) }.flatMap { QueueToken.isValidUserID($0) ? $0 : nil } ?? Self.newUserID()
        var reply = JSONReply.html(page.page(sale: sale.definition, texts: texts, seedHash: seedHash, userID: userID, standing: standing))
        if standing != nil { reply.headers[Self.refresh] = String(Self.refreshSeconds) }
        return answer(reply, checkoutURL: sale.definition.checkoutURL)
    }

    /// Joins the queue from the page's form (no JavaScript): 303 to the page with the token, or
    /// a page saying why not, with the status the JSON route would answer.
    func join(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let saleID = try context.parameters.require("sale_id")
        var form = JoinForm()
        if let body = try? await request.body.collect(upTo: JSONRequest.maxBodyBytes) {
            form = (try? URLEncodedFormDecoder().decode(JoinForm.self, from: String(buffer: body))) ?? JoinForm()
        }
        let texts = texts(for: request, lang: form.lang)
        let userID = form.user_id.flatMap { QueueToken.isValidUserID($0) ? $0 : nil } ?? Self.newUserID()
        do {
            let registered = try await queue.register(RegisterBody(saleID: saleID, userID: userID), request: request, context: context)
            let location = "/wait/\(saleID)?token=\(registered.answer.token)&lang=\(texts.language)"
            return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store", Self.referrerPolicy: "no-referrer"])
        } catch {
            return answer(refusal(error, saleID: saleID, texts: texts, logger: context.logger))
        }
    }

    /// The page for a refused join: what the JSON route's error says, with its status.
    private func refusal(_ error: any Error, saleID: String, texts: PageTexts, logger: Logger) -> JSONReply {
        let json = APIErrorReply.reply(for: error, logger: logger)
        if json.status == .notFound { return .html(page.notFound(saleID: saleID, texts: texts), status: .notFound) }
        let message = (error as? APIError)?.code == "pow_invalid" ? texts.text("nojs.pow")
            : (error as? APIError)?.message ?? (error as? RetryLater)?.error.message ?? json.status.reasonPhrase
        var reply = JSONReply.html(page.message(texts, title: texts.text("state.error.title"), heading: texts.text("state.error.title"), body: message),
                                   status: json.status)
        reply.headers[.retryAfter] = json.headers[.retryAfter]
        return reply
    }

    /// The standing of the token's holder; nil for a token that is not valid for this sale.
    private func shopper(_ token: String, sale: SaleView, request: Request, context: FloodgateRequestContext) -> WaitPage.Standing? {
        var head = request.head
        head.headerFields[.authorization] = "Bearer " + token
        guard let verified = try? services.verifiedToken(Request(head: head, body: RequestBody(buffer: ByteBuffer())), context: context),
            verified.saleID == sale.definition.id
        else { return nil }
        let status = queue.statusAnswer(of: verified, in: sale)
        return TokenState(rawValue: status.state).map { WaitPage.Standing(token: token, state: $0, status: status) }
    }

    private func texts(for request: Request, lang: String?) -> PageTexts {
        page.resources.languages.choose(query: lang, acceptLanguage: request.headers[.acceptLanguage])
    }

    /// A page's response with the headers every page carries: no referrer (an address may carry
    /// a token), and a content security policy that lets the page load only its own files, talk
    /// only to this daemon, and post forms only here or to the sale's checkout.
    private func answer(_ reply: JSONReply, checkoutURL: String? = nil) -> Response {
        var reply = reply
        reply.headers[Self.referrerPolicy] = "no-referrer"
        reply.headers[Self.securityPolicy] = Self.securityPolicy(checkoutURL: checkoutURL)
        return reply.response
    }

    static func securityPolicy(checkoutURL: String?) -> String {
        let checkout = checkoutURL.flatMap { URL(string: $0) }.flatMap { url in
            url.host.map { host in "\(url.scheme ?? "https")://\(host)" + (url.port.map { ":\($0)" } ?? "") }
        }
        return "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; form-action 'self'\(checkout.map { " " + $0 } ?? ""); base-uri 'none'; frame-ancestors 'none'"
    }

    /// A user id for a shopper the shop did not name: `web-` and 16 random hex digits.
    static func newUserID() -> String {
        "web-" + String(KernelRandom.shared.uint64(), radix: 16)
    }
}

/// The no-JavaScript join form's fields.
private struct JoinForm: Decodable {
    var user_id: String?
    var lang: String?
}
