import FloodgateCore
import Foundation
import NIOCore
import NIOHTTP1

/// Checkout before admission: a shopper still far from the front (or before the start) calls
/// reserve, and commit with a made-up reservation. A 2xx answered within a second (before the
/// cursor or the start could have reached them) is an attack that got through.
extension Shopper {
    /// Attacks if the shopper is at least two seconds from admission or one from the start; else leaves.
    func checkoutEarly(_ simulation: Simulation, eta: Int64?) {
        let secondsToStart = simulation.settings.plan.definition.startsAt.timeIntervalSinceNow
        let farFromFront = preRegistered ? secondsToStart >= 1 : (eta ?? 0) >= 2
        guard farFromFront else { return finish(simulation, .attackDone) }
        attack = AttackProgress()
        let judge = { self.judgeEarlyCheckout(simulation) }
        attackCall(simulation, "reserve", .POST, "/checkout/reserve", json: #"{"sku":"\#(sku(simulation))","qty":1}"#, then: judge)
        reservationID = "r_early_" + userID
        attackCall(simulation, "commit", .POST, "/checkout/commit", idempotencyKey: userID + "-early", json: commitBody(), then: judge)
    }

    private func judgeEarlyCheckout(_ simulation: Simulation) {
        for answer in attack.answers {
            simulation.observations.tally(.earlyCheckout) { tally in
                tally.attempts += 1
                if answer.accepted {
                    if answer.elapsed < .seconds(1) { tally.succeeded += 1 } else { tally.inconclusive += 1 }
                } else if [401, 403, 404].contains(answer.status) {
                    tally.refused += 1
                } else {
                    tally.inconclusive += 1
                }
            }
        }
        finish(simulation, .attackDone)
    }
}
