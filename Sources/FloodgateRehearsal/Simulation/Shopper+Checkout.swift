import NIOHTTP1

/// Checkout as an admitted shopper goes through it: reserve, then commit with an
/// Idempotency-Key (the same key again after a lost answer, a new one after a declined payment),
/// or cancel, or walk away. A 503 the daemon chose (paused, shed) is waited out, cart in hand;
/// another 5xx or no answer is retried a few times.
extension Shopper {
    /// The SKU the shopper is after.
    func sku(_ simulation: Simulation) -> String {
        simulation.settings.plan.skus[skuIndex % skuCount]
    }

    /// The body of a commit, with a test card.
    func commitBody(card: String = "4242424242424242") -> String {
        #"{"reservation_id":"\#(reservationID)","payment":{"card":"\#(card)"}}"#
    }

    /// A fresh Idempotency-Key for a new payment attempt.
    func newCommitKey() {
        keysUsed += 1
        commitKey = "\(userID)-k\(keysUsed)"
    }

    func reserve(_ simulation: Simulation) {
        simulation.send(role.isAttacker ? .attack : .reserve, .POST, "/checkout/reserve", token: token, source: source,
                        json: #"{"sku":"\#(sku(simulation))","qty":1}"#) { outcome in
            self.reserved(simulation, outcome)
        }
    }

    private func reserved(_ simulation: Simulation, _ outcome: LoadOutcome) {
        guard case .answered(let response) = outcome, response.status < 500 || response.isDeliberate else { return retry(simulation) }
        failures = 0
        let code = response.fields.errorCode
        switch (response.status, code) {
        case (201, _):
            guard let id = response.fields.string("reservation_id") else { return refused(simulation, response) }
            reservationID = id
            if !role.isAttacker { simulation.observations[funnel: role.isBot].reserved += 1 }
            afterReserving(simulation)
        case (409, "sold_out"):
            skusTried += 1
            guard skusTried < skuCount else { return finish(simulation, .soldOut) }
            skuIndex += 1
            reserve(simulation)
        case (409, _): finish(simulation, .saleClosed)
        case (429, _): finish(simulation, .limitReached)
        case (503, _): waitForResume(simulation)
        case (403, "admission_expired"): finish(simulation, .admissionExpired)
        case (403, _):
            notAdmitted(simulation)
        default: refused(simulation, response)
        }
    }

    /// Refused as not admitted after `/queue/status` said admitted: back to polling. Once may be
    /// a daemon whose view lags another's; twice is an admission taken back.
    private func notAdmitted(_ simulation: Simulation) {
        if flag(.refusedOnce) {
            simulation.observations.anomaly("reserve 403 not_admitted after /queue/status said admitted (retried)")
        } else {
            simulation.admissionRevoked(self)
        }
        step = .poll
        retry(simulation)
    }

    private func afterReserving(_ simulation: Simulation) {
        if case .doubleSpender(let variant) = role { return doubleSpend(simulation, variant) }
        switch intent {
        case .buy:
            newCommitKey()
            step = .commit
        case .cancel:
            step = .cancel
        case .abandon:
            return finish(simulation, .abandonedCart)
        }
        simulation.schedule(self, afterMilliseconds: thinkTime(simulation))
    }

    func commit(_ simulation: Simulation) {
        simulation.send(.commit, .POST, "/checkout/commit", token: token, source: source, idempotencyKey: commitKey, json: commitBody()) { outcome in
            self.committed(simulation, outcome)
        }
    }

    private func committed(_ simulation: Simulation, _ outcome: LoadOutcome) {
        guard case .answered(let response) = outcome, response.status < 500 || response.isDeliberate else { return retry(simulation) }
        let code = response.fields.errorCode
        switch (response.status, code) {
        case (200, _):
            simulation.acknowledge(self, orderID: response.fields.string("order_id"))
            finish(simulation, .bought)
        case (402, _):
            failures = 0
            if !role.isAttacker { simulation.observations[funnel: role.isBot].paymentDeclined += 1 }
            paymentDeclined(simulation)
        case (409, "commit_in_progress"): retry(simulation)
        case (202, _):  // payment_pending: ask again with the same key, as Retry-After says
            simulation.schedule(self, afterMilliseconds: simulation.random.jitter(1_000, spread: 0.5))
        case (503, _): waitForResume(simulation)
        case (409, "idempotency_key_reused"):
            simulation.observations.anomaly("commit 409 idempotency_key_reused for one key and one body")
            finish(simulation, .reservationLost)
        case (404, _), (409, _), (410, _): finish(simulation, .reservationLost)
        default: refused(simulation, response)
        }
    }

    private func paymentDeclined(_ simulation: Simulation) {
        let behaviour = simulation.profile.behaviour
        let limit = role.isBot ? 20 : behaviour.maxPaymentRetries
        let tries = paymentRetries < limit && (role.isBot || simulation.random.unit() < behaviour.retryAfter402)
        guard tries else { return finish(simulation, .paymentDeclined) }
        paymentRetries += 1
        newCommitKey()
        simulation.schedule(self, afterMilliseconds: thinkTime(simulation))
    }

    func cancel(_ simulation: Simulation) {
        simulation.send(.cancel, .POST, "/checkout/cancel", token: token, source: source,
                        json: #"{"reservation_id":"\#(reservationID)"}"#) { outcome in
            guard case .answered(let response) = outcome, response.status < 500 || response.isDeliberate else { return self.retry(simulation) }
            switch response.status {
            case 200:
                simulation.observations[funnel: self.role.isBot].cancelled += 1
                self.finish(simulation, .cancelled)
            case 503: self.waitForResume(simulation)
            case 404, 409: self.finish(simulation, .reservationLost)
            default: self.refused(simulation, response)
            }
        }
    }
}
