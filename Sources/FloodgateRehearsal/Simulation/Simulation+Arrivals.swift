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
            add(.shopper, userID: "shopper-\(number)", source: office ? "192.0.2.10" : Self.scattered(number), within: 10)
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
                add(.earlyCheckout, userID: "early-\(number)", source: Self.address(172, 40_000 + number), within: 1_000)
            }
        }
    }

    /// Every bot identity at once, all from the bots' one source address.
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
            add(.forger, userID: "forger-\(number)", source: Self.address(172, number), within: 1_000)
        }
        let variants = DoubleSpendVariant.allCases
        for number in 0..<profile.attacks.doubleSpenders {
            add(.doubleSpender(variants[number % variants.count]), userID: "spender-\(number)", source: Self.address(172, 20_000 + number), within: 1_000)
        }
    }

    private func add(_ role: ShopperRole, userID: String, source: String, within milliseconds: Int) {
        let shopper = Shopper(role: role, userID: userID, source: source, skuCount: settings.plan.skus.count,
                              firstSKU: Int(random.next() % UInt64(settings.plan.skus.count)), proofOfWork: settings.plan.definition.powDifficulty > 0)
        if !role.isAttacker { observations[funnel: role.isBot].arrived += 1 }
        join(shopper, afterMilliseconds: Int(random.next() % UInt64(max(milliseconds, 1))))
    }

    /// A fake address for the `number`th shopper, scattered over 10.0.0.0/8 as home connections are.
    private static func scattered(_ number: Int) -> String {
        let spread = (UInt32(truncatingIfNeeded: number) &* 2_654_435_761) >> 8
        return "10.\((spread >> 16) & 0xff).\((spread >> 8) & 0xff).\(max(1, spread & 0xff))"
    }

    /// A fake IPv4 address `first.x.y.z` for the `number`th member of a population.
    private static func address(_ first: Int, _ number: Int) -> String {
        "\(first).\((number >> 16) & 0xff).\((number >> 8) & 0xff).\(number & 0xff)"
    }
}
