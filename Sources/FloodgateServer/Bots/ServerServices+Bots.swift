import FloodgateCore
import FloodgateEngine
import Dispatch
import Foundation
import Hummingbird

/// The bot defense's hooks in the public routes, kept here so the routes stay short.
extension ServerServices {
    /// A monotonic clock in ms, for timing polls.
    static func monotonicMs() -> Int64 {
        Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000)
    }

    /// The proof-of-work difficulty for this client: the sale's, plus the policy's extra bits when
    /// its address or fingerprint was challenged. Counts the challenge for its address.
    /// `fingerprint` is the challenge's query parameter, as the registration will send it.
    func challengeDifficulty(_ sale: SaleView, request: Request, context: FloodgateRequestContext, fingerprint field: String?) -> Int {
        let saleID = sale.definition.id
        let source = RequestAuth.source(request, context: context, policy: clientAddresses)
        bots.recorder.challengeIssued(saleID: saleID, source: source)
        let fingerprint = ClientFingerprint.of(request, field: field)
        return min(SaleDefinition.Limits.powDifficulty.upperBound,
                   sale.definition.powDifficulty + bots.extraBits(saleID: saleID, source: source, fingerprint: fingerprint))
    }

    /// Where a token issued to this caller is bound: its subnet and its agent.
    func tokenBinding(_ request: Request, address: IPAddress?) -> TokenBinding {
        TokenBinding(address: address, agent: ClientFingerprint.agent(of: request))
    }

    /// The shopper's queue token, verified; a bad one is counted against the caller's address, a
    /// revoked one refused, one presented from another subnet or client than it was issued to
    /// counted for its session (`moved_token`).
    /// - Throws: ``FloodgateCore/APIError`` 401 (`token_revoked` for an evicted session).
    func verifiedToken(_ request: Request, context: FloodgateRequestContext) throws -> QueueToken {
        let token: QueueToken
        do {
            token = try RequestAuth.queueToken(request, signer: tokens)
        } catch {
            // A bad token names no sale that can be trusted: counted when the daemon runs one sale.
            let sales = directory.saleIDs
            if RequestAuth.bearer(request) != nil, sales.count == 1, let saleID = sales.first {
                bots.recorder.badToken(saleID: saleID, source: RequestAuth.source(request, context: context, policy: clientAddresses))
            }
            throw error
        }
        if bots.standing(saleID: token.saleID, userID: token.userID).revoked { throw APIError.tokenRevoked }
        if let issued = token.binding {
            let drift = issued.drift(to: tokenBinding(request, address: RequestAuth.clientAddress(request, context: context, policy: clientAddresses)))
            if !drift.isEmpty { bots.recorder.tokenMoved(saleID: token.saleID, userID: token.userID, drift: drift.rawValue) }
        }
        return token
    }

    /// What a status answer says to a held session: `waiting`, at the front but never admitted.
    func botStanding(_ token: QueueToken, state: TokenState) -> (held: Bool, state: TokenState) {
        guard bots.standing(saleID: token.saleID, userID: token.userID).held else { return (false, state) }
        return (true, state == .admitted ? .waiting : state)
    }

    /// Status answers of a session waiting for its sale to start that ask it back within
    /// ``calibrationPollMs``: enough polls for the warden to see early polling before the start.
    static let calibrationPolls = 3
    /// The longest interval a calibration answer asks (the shortest any answer asks).
    static let calibrationPollMs = QueueEstimate.minPollMs

    /// `pollAfterMs`, or ``calibrationPollMs`` for the first ``calibrationPolls`` answers to a
    /// session waiting for its sale to start.
    ///
    /// Polling before the asked interval is how the bot defense tells a script from a page, and it
    /// needs two early polls to hold a session. A crowd of bots registered before the start sits
    /// together near the front; once admission begins it skips those already held, so a bot not
    /// yet held is admitted at once, however far back its position said it was. Asked at its usual
    /// interval (a quarter of its ETA), a bot 200 places back showed its second early poll only 5-10 s
    /// after registering. A few quick answers per session before the start cost little: the
    /// waiting crowd is small then, and its polls are answered from memory.
    func calibratedPoll(_ token: QueueToken, pollAfterMs: Int) -> Int {
        guard pollAfterMs > Self.calibrationPollMs,
              bots.recorder.answeredPolls(saleID: token.saleID, userID: token.userID) < Self.calibrationPolls
        else { return pollAfterMs }
        return Self.calibrationPollMs
    }

    /// `poll_after_ms` with ±15% server-side jitter, so that no fixed cadence can be learnt; the
    /// answer is timed for the next poll.
    func jitteredPoll(_ token: QueueToken, pollAfterMs: Int, admitted: Bool) -> Int {
        var random = PooledRandomGenerator()
        let asked = Int(Double(pollAfterMs) * Double.random(in: 0.85...1.15, using: &random))
        bots.recorder.polled(saleID: token.saleID, userID: token.userID, askedMs: asked, admitted: admitted, nowMs: Self.monotonicMs())
        return asked
    }
}

extension ServerServices {
    /// Runs a reserve for the bot defense's clock: a held session is refused as not admitted,
    /// one before admission counts as early checkout, a first success is timed from admission.
    func botTimedReserve(_ token: QueueToken, sale: SaleView, position: UInt64, _ reserve: () async throws -> Reservation) async throws -> Reservation {
        if bots.standing(saleID: token.saleID, userID: token.userID).held { throw APIError.notAdmitted() }
        do {
            let reservation = try await reserve()
            bots.recorder.reserved(saleID: token.saleID, userID: token.userID,
                                   admittedSinceMs: directory.admittedSinceMs(saleID: token.saleID, position: position), nowMs: Self.monotonicMs())
            return reservation
        } catch let error as APIError where error.code == "not_admitted" {
            bots.recorder.checkoutEarly(saleID: token.saleID, userID: token.userID)
            throw error
        }
    }
}
