import Foundation
import NIOHTTP1

/// Token forgers: every forged variant of a genuine token goes to `/queue/status` and
/// `/checkout/reserve`; any 2xx is a forgery accepted.
extension Shopper {
    /// Sends the forgeries of this shopper's token, then runs `next`.
    func forge(_ simulation: Simulation, then next: @escaping () -> Void) {
        let forgeries = ForgedTokens.make(from: token, other: simulation.otherToken(than: token), signer: simulation.settings.signer,
                                          now: Int64(Date().timeIntervalSince1970))
        attack = AttackProgress()
        let reserve = #"{"sku":"\#(sku(simulation))","qty":1}"#
        for (variant, forged) in forgeries {
            attackCall(simulation, variant.rawValue, .GET, "/queue/status", token: forged) { self.judgeForgeries(simulation, then: next) }
            attackCall(simulation, variant.rawValue, .POST, "/checkout/reserve", token: forged, json: reserve) { self.judgeForgeries(simulation, then: next) }
        }
    }

    private func judgeForgeries(_ simulation: Simulation, then next: () -> Void) {
        for answer in attack.answers {
            guard let variant = ForgeryVariant(rawValue: answer.label) else { continue }
            simulation.observations.tally(.forgery(variant)) { tally in
                tally.attempts += 1
                if answer.accepted {
                    tally.succeeded += 1
                } else if answer.status == 401 || answer.status == 403 {
                    tally.refused += 1
                } else {
                    tally.inconclusive += 1
                }
            }
        }
        attack = AttackProgress()
        next()
    }
}
