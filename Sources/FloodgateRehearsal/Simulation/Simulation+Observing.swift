import FloodgateCore
import Foundation

/// What the agents report as they go: registrations, status answers, admissions, commits.
extension Simulation {
    /// A shopper registered and holds a token.
    func registered(_ shopper: Shopper, answeredAt answered: Int64) {
        remember(token: shopper.token)
        guard !shopper.role.isAttacker else { return }
        if shopper.role.isBot, let asked = shopper.firstAsked {
            let sinceAsked = Double(nanosecondsSinceStart() - asked) / 1e6
            observations.botArrivals[shopper.userID] = Int64(Date().timeIntervalSince1970 * 1000 - sinceAsked)
        }
        observations[funnel: shopper.role.isBot].registered += 1
        observations.registrations.append(RegistrationRecord(ticket: shopper.ticket, firstAsked: shopper.firstAsked ?? answered, answered: answered))
    }

    /// A `/queue/status` answer, checked against the queue's cursor in the same answer.
    func observeStatus(_ shopper: Shopper, state: String, position: Int64?, admittedThrough: Int64?) {
        guard let position, let admittedThrough, position > 0 else { return }
        if state == "admitted", position > admittedThrough, shopper.flag(.aheadOfCursor) {
            observations.fairness.admittedAheadOfCursor += 1
        }
        // A bot the bot defense holds waits behind the cursor by design (counted in the bot section).
        if state == "waiting", position <= admittedThrough, !shopper.role.isBot, shopper.flag(.behindCursor) {
            observations.fairness.waitingBehindCursor += 1
        }
        switch settings.plan.definition.fairness {
        case .fifo:
            if UInt64(position) != shopper.ticket, shopper.flag(.notTicket) { observations.fairness.positionNotTicket += 1 }
        case .lottery:
            if shopper.preRegistered, shopper.flag(.drawSeen) {
                observations.lotteryPositions.append((shopper.ticket, UInt64(position)))
            }
        }
    }

    /// A shopper saw itself admitted for the first time.
    func admitted(_ shopper: Shopper) {
        guard !shopper.role.isAttacker else { return }
        observations.fairness.admitted += 1
        observations[funnel: shopper.role.isBot].admitted += 1
    }

    /// A shopper seen admitted was refused at checkout as not admitted. A bot's admission taken
    /// back is the bot defense holding it (late), not unfairness to people: only people count.
    func admissionRevoked(_ shopper: Shopper) {
        guard !shopper.role.isBot else { return }
        if shopper.flag(.revoked) { observations.fairness.admissionRevoked += 1 }
    }

    /// The API acknowledged a commit (200).
    func acknowledge(_ shopper: Shopper, orderID: String?) {
        guard let orderID else { return observations.anomaly("commit 200 without an order_id") }
        observations.acknowledged.append(AcknowledgedCommit(orderID: orderID, reservationID: shopper.reservationID, userID: shopper.userID))
        if !shopper.role.isAttacker { observations[funnel: shopper.role.isBot].committed += 1 }
    }
}
