import FloodgateCore
import FloodgateEngine
import Foundation
import Hummingbird

/// The waiting room: `GET /queue/challenge`, `POST /queue/register`, `GET /queue/status`.
struct QueueRoutes: Sendable {
    let services: ServerServices
    /// The priority gate, whose load stretches the status answers' `poll_after_ms`.
    var gate: RequestPriorityGate?

    /// The status route's path (also answered by ``HotRoutes``).
    static let statusPath = "/queue/status"
    /// The challenge route's path (also answered by ``HotRoutes``).
    static let challengePath = "/queue/challenge"
    /// The registration route's path (also answered by ``TaskRoutes``).
    static let registerPath = "/queue/register"

    func add(to router: Router<FloodgateRequestContext>) {
        router.get(RouterPath(Self.challengePath)) { request, context in try await challenge(request, context: context) }
        router.post(RouterPath(Self.registerPath)) { request, context in try await register(request, context: context) }
        router.get(RouterPath(Self.statusPath)) { request, context in try await status(request, context: context) }
    }

    /// A fresh proof-of-work challenge for the sale's current difficulty.
    func challenge(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let (saleID, fingerprint) = try Self.challengeQuery(request)
        let sale = try await services.sale(saleID)
        return challenge(for: sale, fingerprint: fingerprint, request: request, context: context).response
    }

    /// The challenge when it needs nothing but memory; nil when the sale is not loaded in this
    /// daemon yet (then ``challenge(_:context:)`` loads it). The pipeline's fast path
    /// (``HotRoutes``) answers with this.
    func challengeFromMemory(_ request: Request, context: FloodgateRequestContext) throws -> JSONReply? {
        let (saleID, fingerprint) = try Self.challengeQuery(request)
        return services.directory.view(saleID).map { challenge(for: $0, fingerprint: fingerprint, request: request, context: context) }
    }

    private func challenge(for sale: SaleView, fingerprint: String?, request: Request, context: FloodgateRequestContext) -> JSONReply {
        let difficulty = services.challengeDifficulty(sale, request: request, context: context, fingerprint: fingerprint)
        let issued = services.challenges.issue(saleID: sale.definition.id, difficulty: difficulty, now: Date())
        let answer = ChallengeBody(challenge: issued.text, difficulty: issued.difficulty, expiresAt: RFC3339.format(issued.expiryDate))
        return JSONReply(answer.json.utf8)
    }

    /// The challenge's query: `sale_id` (required) and `fingerprint` (optional, what the
    /// registration's body will carry).
    private static func challengeQuery(_ request: Request) throws -> (saleID: String, fingerprint: String?) {
        let query = request.uri.queryParameters
        guard let saleID = query.get("sale_id"), !saleID.isEmpty else {
            throw APIError.badRequest("The sale_id query parameter is required.")
        }
        let fingerprint = query.get("fingerprint").map { String($0) }
        if let fingerprint, fingerprint.utf8.count > 256 {
            throw APIError.badRequest("The fingerprint query parameter must be at most 256 bytes.")
        }
        return (String(saleID), fingerprint)
    }

    /// Registers a shopper (once) and hands out a signed queue token.
    func register(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let registered = try await register(try await RegisterBody(request), request: request, context: context)
        return JSONResponse.raw(Array(registered.answer.json.utf8), status: registered.isNew ? .created : .ok)
    }

    /// Registers the shopper `body` names (once), for the JSON route and the page's form alike.
    func register(_ body: RegisterBody, request: Request, context: FloodgateRequestContext) async throws -> (answer: RegisterAnswer, isNew: Bool) {
        let sale = try await services.sale(body.saleID)
        try IdentityCheck.verify(body.identity, userID: body.userID, sale: sale.definition)
        let address = RequestAuth.clientAddress(request, context: context, policy: services.clientAddresses)
        let source = address?.description ?? "unknown"
        let client = try services.botClient(request, source: source, saleID: body.saleID, fingerprintField: body.fingerprint)
        var proof: (Challenge, String)?
        var challengeID: String?
        var challengeLifetimeMs: Int64 = 0
        if sale.definition.powDifficulty > 0 {
            guard let pow = body.pow else { throw APIError.powInvalid("This sale asks for a proof of work: GET /queue/challenge first.") }
            let opened: Challenge
            do {
                opened = try services.challenges.verify(challenge: pow.challenge, nonce: pow.nonce, saleID: body.saleID,
                                                       difficulty: sale.definition.powDifficulty + client.extraBits, now: Date())
            } catch {
                throw APIError(error)
            }
            challengeID = opened.id
            proof = (opened, pow.nonce)
            challengeLifetimeMs = max(1, (opened.expiresAt - Int64(Date().timeIntervalSince1970)) * 1000)
        }
        guard services.registrationLimiter.allow(source) else {
            throw RetryLater(APIError.rateLimited("Too many registrations from \(source); slow down."),
                             after: services.registrationLimiter.secondsPerToken)
        }
        let origin = services.registrationOrigin(client, proof: proof)
        let registration = try await services.engine.register(saleID: body.saleID, userID: body.userID, challengeID: challengeID,
                                                              challengeLifetimeMs: challengeLifetimeMs, origin: origin)
        let held = try await services.botRegistered(sale, userID: body.userID, registration: registration, origin: origin, proof: proof)
        let token = issueToken(for: registration, userID: body.userID, sale: sale, binding: services.tokenBinding(request, address: address))
        var (state, position) = services.directory.view(body.saleID).map { $0.tokenState(ticket: registration.ticket) }
            ?? (.preRegistered, nil)
        if held, state == .admitted { state = .waiting }
        let answer = RegisterAnswer(token: services.tokens.sign(token), saleID: body.saleID, userID: body.userID,
                                    position: position, state: state.rawValue,
                                    issuedAt: RFC3339.format(token.issuedDate), expiresAt: RFC3339.format(token.expiryDate))
        return (answer, registration.isNew)
    }

    /// Where the token's holder stands, from memory: no Redis call (but the first for a sale
    /// this daemon has not seen yet, created through another daemon a moment ago).
    func status(_ request: Request, context: FloodgateRequestContext) async throws -> Response {
        let token = try services.verifiedToken(request, context: context)
        let sale: SaleView
        if let known = services.directory.view(token.saleID) {
            sale = known
        } else {
            do {
                sale = try await services.sale(token.saleID)
            } catch let error as APIError where error.status == 404 {
                throw APIError.unauthorized("The token's sale is unknown.")
            }
        }
        return status(of: token, in: sale).response
    }

    /// The status answer when it needs nothing but memory; nil when the token's sale is not
    /// loaded in this daemon yet (then ``status(_:context:)`` loads it). The pipeline's fast
    /// path (``HotRoutes``) answers with this.
    func statusFromMemory(_ request: Request, context: FloodgateRequestContext) throws -> JSONReply? {
        let token = try services.verifiedToken(request, context: context)
        return services.directory.view(token.saleID).map { status(of: token, in: $0) }
    }

    private func status(of token: QueueToken, in sale: SaleView) -> JSONReply {
        JSONReply(statusAnswer(of: token, in: sale).json.utf8)
    }

    /// Where the token's holder stands in `sale`: the status answer, for the JSON route and the
    /// page rendered for a shopper without JavaScript. While the daemon sheds load, the poll
    /// interval is stretched (``RequestPriorityGate/stretchedPoll(_:)``).
    func statusAnswer(of token: QueueToken, in sale: SaleView) -> StatusAnswer {
        let (state, position) = sale.tokenState(ticket: token.ticket)
        let standing = services.botStanding(token, state: state)
        let estimate = QueueEstimate(position: position ?? token.ticket, admittedThrough: sale.clock.admittedThrough,
                                     admitPerSecond: sale.clock.admitPerSecond)
        let waiting = standing.state == .waiting || state == .preRegistered || state == .soldOut
        // A held session past the cursor looks like the next in line, for ever.
        var pollAfter = standing.held && estimate.isAdmitted ? QueueEstimate.minPollMs : estimate.pollAfterMs
        if state == .preRegistered { pollAfter = services.calibratedPoll(token, pollAfterMs: pollAfter) }
        return StatusAnswer(
            state: standing.state.rawValue, position: position, ahead: waiting ? estimate.ahead : 0,
            admittedThrough: sale.clock.admittedThrough, etaSeconds: waiting ? (standing.held ? max(estimate.etaSeconds ?? 1, 1) : estimate.etaSeconds) : 0,
            pollAfterMs: services.jitteredPoll(token, pollAfterMs: gate?.stretchedPoll(pollAfter) ?? pollAfter, admitted: standing.state == .admitted)
        )
    }

    /// A token valid until the sale ends (plus an hour), or for a day when it has no end, bound
    /// to where it is issued.
    private func issueToken(for registration: Registration, userID: String, sale: SaleView, binding: TokenBinding) -> QueueToken {
        let now = Int64(Date().timeIntervalSince1970)
        let expires = sale.definition.endsAt.map { Int64($0.timeIntervalSince1970) + 3_600 } ?? now + 86_400
        return QueueToken(userID: userID, saleID: sale.definition.id, ticket: registration.ticket, issuedAt: now, expiresAt: max(expires, now + 60), binding: binding)!
    }
}
