import NIOHTTP1

/// Double spenders: once they hold a reservation, they try to buy it twice. Every commit the API
/// acknowledges is recorded (it must be in the ledger); the Redis checks count charges and
/// commits per reservation besides what the attacker sees.
extension Shopper {
    /// Runs `variant` on the reservation just made.
    func doubleSpend(_ simulation: Simulation, _ variant: DoubleSpendVariant) {
        attack = AttackProgress()
        let judge = { self.judgeDoubleSpend(simulation, variant) }
        let commit = "/checkout/commit"
        switch variant {
        case .concurrentCommits:
            for index in 0..<simulation.profile.attacks.concurrentCommits {
                attackCall(simulation, "commit", .POST, commit, idempotencyKey: "\(userID)-c\(index)", json: commitBody(), then: judge)
            }
        case .cancelRacingCommit:
            attackCall(simulation, "commit", .POST, commit, idempotencyKey: "\(userID)-race", json: commitBody(), then: judge)
            attackCall(simulation, "cancel", .POST, "/checkout/cancel", json: #"{"reservation_id":"\#(reservationID)"}"#, then: judge)
        case .keyReplayedWithOtherBody:
            let key = "\(userID)-replayed"
            attackCall(simulation, "commit", .POST, commit, idempotencyKey: key, json: commitBody()) {
                self.attackCall(simulation, "other body", .POST, commit, idempotencyKey: key, json: self.commitBody(card: "5555555555554444")) {
                    self.attackCall(simulation, "commit", .POST, commit, idempotencyKey: key, json: self.commitBody(), then: judge)
                }
            }
        }
    }

    private func judgeDoubleSpend(_ simulation: Simulation, _ variant: DoubleSpendVariant) {
        let answers = attack.answers
        for answer in answers where answer.label == "commit" && answer.status == 200 {
            simulation.acknowledge(self, orderID: answer.orderID)
        }
        let verdict = Self.verdict(variant, answers)
        simulation.observations.tally(.doubleSpend(variant)) { tally in
            tally.attempts += 1
            switch verdict {
            case true?: tally.succeeded += 1
            case false?: tally.refused += 1
            case nil: tally.inconclusive += 1
            }
        }
        finish(simulation, .attackDone)
    }

    /// Whether the attack got through (true), was refused (false), or cannot be told (nil).
    static func verdict(_ variant: DoubleSpendVariant, _ answers: [AttackProgress.Answer]) -> Bool? {
        let commits = answers.filter { $0.label == "commit" }
        switch variant {
        case .concurrentCommits:
            let orders = Set(commits.filter { $0.status == 200 }.map { $0.orderID ?? "" })
            if orders.count > 1 { return true }
            return orders.isEmpty && commits.contains(where: \.unanswered) ? nil : false
        case .cancelRacingCommit:
            guard let cancel = answers.first(where: { $0.label == "cancel" }), let commit = commits.first,
                !cancel.unanswered, !commit.unanswered
            else { return nil }
            return cancel.status == 200 && commit.status == 200
        case .keyReplayedWithOtherBody:
            guard commits.count == 2, let other = answers.first(where: { $0.label == "other body" }),
                !commits[0].unanswered, !commits[1].unanswered, !other.unanswered
            else { return nil }
            let replayDiffers = commits[0].status != commits[1].status || commits[0].orderID != commits[1].orderID
            return other.accepted || replayDiffers
        }
    }
}
