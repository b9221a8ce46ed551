import FloodgateHTTPClient

/// One simulated shopper of the demo, through the public API: registers, waits for its turn
/// polling as told (`poll_after_ms`), looks a moment and reserves, then buys (a declined payment
/// lets the cart go), cancels, or walks away and lets the reservation expire.
struct DemoShopper {
    let user: String
    let api: DemoAPI
    let skus: [String]

    /// The whole visit; a failed call ends it, as a shopper closing the tab would.
    func visit() async {
        do {
            guard let token = try await api.register(user), try await waitForTurn(token) else { return }
            try await Task.sleep(for: .milliseconds(Int.random(in: 800...4_000)))
            guard let reservation = try await api.reserve(token, sku: skus.randomElement()!) else { return }
            try await Task.sleep(for: .milliseconds(Int.random(in: 1_000...6_000)))
            switch Double.random(in: 0..<1) {
            case ..<0.75:
                if try await api.commit(token, reservation: reservation) == 402 { try await api.cancel(token, reservation: reservation) }
            case ..<0.85:
                try await api.cancel(token, reservation: reservation)
            default:
                break  // walks away: the reservation expires
            }
        } catch {
            return
        }
    }

    /// Polls the status until admitted (true) or turned away (false), for five minutes at most.
    private func waitForTurn(_ token: String) async throws -> Bool {
        let giveUp = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < giveUp {
            let (state, pollAfter) = try await api.status(token)
            switch state {
            case "admitted": return true
            case "waiting", "pre_registered", "paused": try await Task.sleep(for: min(max(pollAfter, .milliseconds(200)), .seconds(10)))
            default: return false
            }
        }
        return false
    }
}
