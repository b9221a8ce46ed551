/// Invariants 2 and 5 and the bots' share, from the ledger and the gateway's payments.
enum OrderChecks {
    /// Double spends: what the attackers saw, plus reservations committed twice in the ledger or
    /// charged twice by the gateway (a charge refunded or voided does not count); and charges
    /// standing with no commit in the ledger, once the open payment attempts were given time to settle.
    static func doubleSpends(_ snapshot: RedisSnapshot, attacks: [AttackKind: AttackTally]) -> DoubleSpendSection {
        var commits: [String: Int] = [:]
        for entry in snapshot.ledger where entry.op == "commit" { commits[entry.reservationID, default: 0] += 1 }
        var charges: [String: Int] = [:]
        for outcome in snapshot.payments.values where outcome.hasPrefix("charged:") {
            charges[String(outcome.dropFirst("charged:".count)), default: 0] += 1
        }
        var byVariant: [String: AttackTally] = [:]
        var total = AttackTally()
        for variant in DoubleSpendVariant.allCases {
            let tally = attacks[.doubleSpend(variant)] ?? AttackTally()
            byVariant[variant.rawValue] = tally
            total.add(tally)
        }
        let committedTwice = commits.values.filter { $0 > 1 }.count
        let chargedTwice = charges.values.filter { $0 > 1 }.count
        return DoubleSpendSection(
            attempts: total.attempts, succeeded: total.succeeded + committedTwice + chargedTwice, byVariant: byVariant,
            reservationsCommittedTwice: committedTwice, reservationsChargedTwice: chargedTwice,
            chargesWithoutOrder: charges.keys.filter { commits[$0] == nil }.count,
            paymentsOpenAtDrain: snapshot.settling.openAtDrain, paymentsOpen: snapshot.settling.open, secondsSettling: snapshot.settling.seconds
        )
    }

    /// Every order the API acknowledged, looked up among the ledger's commits.
    static func durability(_ snapshot: RedisSnapshot, acknowledged: [AcknowledgedCommit]) -> DurabilitySection {
        let recorded = Set(snapshot.ledger.filter { $0.op == "commit" }.compactMap(\.order))
        let orders = Set(acknowledged.map(\.orderID))
        let missing = orders.subtracting(recorded).sorted()
        return DurabilitySection(acknowledgedCommits: orders.count, missingFromLedger: missing.count, missing: Array(missing.prefix(20)))
    }

    /// The units bots bought (commits less refunds by `bot-` users) and their share of all sold.
    static func bots(_ snapshot: RedisSnapshot, observations: Observations) -> BotSection {
        var botUnits = 0
        var allUnits = 0
        for entry in snapshot.ledger where entry.op == "commit" || entry.op == "refund" {
            let units = entry.op == "commit" ? entry.qty : -entry.qty
            allUnits += units
            if entry.user.hasPrefix("bot-") { botUnits += units }
        }
        let toHold = snapshot.botHeldAt.compactMap { user, heldAt in
            observations.botArrivals[user].map { max(0, Double(heldAt - $0) / 1000) }
        }.sorted()
        return BotSection(
            identities: observations.botIdentities, registered: observations.bots.registered, rateLimited: observations.bots.rateLimited,
            unitsBought: botUnits, shareOfUnits: allUnits > 0 ? Double(botUnits) / Double(allUnits) : 0,
            shareOfIdentities: Double(observations.botIdentities) / Double(max(1, observations.botIdentities + observations.shoppers.arrived)),
            humansFlagged: snapshot.botFlagged.count { $0.hasPrefix("shopper-") }, humansHeld: snapshot.botHeld.count { $0.hasPrefix("shopper-") },
            humansEvicted: snapshot.botEvicted.count { $0.hasPrefix("shopper-") }, botsFlagged: snapshot.botFlagged.count { $0.hasPrefix("bot-") },
            botsHeld: snapshot.botHeld.count { $0.hasPrefix("bot-") }, botsEvicted: snapshot.botEvicted.count { $0.hasPrefix("bot-") },
            secondsToHoldP50: toHold.isEmpty ? nil : toHold[toHold.count / 2], secondsToHoldMax: toHold.last
        )
    }

    /// Forged tokens and their answers.
    static func forgeries(_ observations: Observations, signedWithDaemonKey: Bool) -> ForgerySection {
        var byVariant: [String: AttackTally] = [:]
        var total = AttackTally()
        for variant in ForgeryVariant.allCases {
            let tally = observations.attacks[.forgery(variant)] ?? AttackTally()
            byVariant[variant.rawValue] = tally
            total.add(tally)
        }
        return ForgerySection(attempts: total.attempts, accepted: total.succeeded, byVariant: byVariant,
                              signedWithDaemonKey: signedWithDaemonKey, genuineTokensRefused: observations.genuineTokensRefused)
    }
}
