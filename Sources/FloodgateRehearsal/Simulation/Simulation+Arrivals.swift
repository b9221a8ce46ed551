import FloodgateCore

/// Who has arrived so far.
struct Arrivals {
    var shoppers = 0
    var botsLaunched = false
    var attackersLaunched = false
    var earlyCheckoutLaunched = false
}

extension Simulation {
    /// Brings in the shoppers the arrival curve owes by `seconds`, and the bots and attackers
    /// when their time comes.
    func arrive(at seconds: Double) {
        let due = min(profile.shoppers, Int(saturating: profile.arrival.arrivals(through: seconds)))
        while arrivals.shoppers < due {
            arrivals.shoppers += 1
            let number = arrivals.shoppers
            let office = profile.behaviour.officeEvery > 0 && number % profile.behaviour.officeEvery == 0
            add(.shopper, userID: "shopper-\(number)", source: office ? Self.office : Self.scattered(number), within: 10)
        }
        if !arrivals.botsLaunched, seconds >= profile.bots.arriveAtSeconds {
            arrivals.botsLaunched = true
            launchBots()
        }
        if !arrivals.attackersLaunched, seconds >= profile.attacks.arriveAtSeconds {
            arrivals.attackersLaunched = true
            launchAttackers()
        }
        if !arrivals.earlyCheckoutLaunched, seconds >= profile.attacks.earlyCheckoutAtSeconds {
            arrivals.earlyCheckoutLaunched = true
            for number in 0..<profile.attacks.earlyCheckout {
                add(.earlyCheckout, userID: "early-\(number)", source: Self.loopback(band: 224, 40_000 + number), within: 1_000)
            }
        }
    }

    /// Every bot identity at once, from the bots' one source address or each operator's own.
    private func launchBots() {
        for bot in 0..<profile.bots.count {
            for identity in 0..<profile.bots.identitiesEach {
                add(.bot, userID: "bot-\(bot)-\(identity)", source: profile.bots.address(of: bot, identity: identity), within: 200)
                observations.botIdentities += 1
            }
        }
    }

    /// Token forgers, and double spenders taking the variants in turn, spread over a second.
    private func launchAttackers() {
        for number in 0..<profile.attacks.tokenForgers {
            add(.forger, userID: "forger-\(number)", source: Self.loopback(band: 224, number), within: 1_000)
        }
        let variants = DoubleSpendVariant.allCases
        for number in 0..<profile.attacks.doubleSpenders {
            add(.doubleSpender(variants[number % variants.count]), userID: "spender-\(number)", source: Self.loopback(band: 224, 20_000 + number), within: 1_000)
        }
    }

    private func add(_ role: ShopperRole, userID: String, source: String, within milliseconds: Int) {
        let shopper = Shopper(role: role, userID: userID, source: source, skuCount: settings.plan.skus.count,
                              firstSKU: Int(random.next() % UInt64(settings.plan.skus.count)), proofOfWork: settings.plan.definition.powDifficulty > 0)
        if !role.isAttacker { observations[funnel: role.isBot].arrived += 1 }
        join(shopper, afterMilliseconds: Int(random.next() % UInt64(max(milliseconds, 1))))
    }

    /// The office address that one shopper in `office_every` shares with the others there.
    static let office = "127.1.0.10"

    /// The `number`th shopper's home address, scattered over 127.64.0.0/10 as home connections
    /// are over the internet (each mostly alone in its /24).
    static func scattered(_ number: Int) -> String {
        let spread = (UInt32(truncatingIfNeeded: number) &* 2_654_435_761) >> 8
        return loopback(band: 64, Int(spread % (64 * 256 * 254)))
    }

    /// A loopback address for the `number`th member of a population: `127.(band + n / 65024).x.y`,
    /// never ending in .0 or .255. The rehearsal's sockets are bound to it, so the daemon sees it.
    static func loopback(band: Int, _ number: Int) -> String {
        let rest = number / 254
        return "127.\(min(255, band + rest / 256)).\(rest % 256).\(1 + number % 254)"
    }
}
