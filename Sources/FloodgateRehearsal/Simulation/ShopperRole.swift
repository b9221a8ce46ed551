/// Who a simulated visitor is.
enum ShopperRole: Hashable {
    /// A person: honours `poll_after_ms`, thinks, buys, cancels or abandons.
    case shopper
    /// One identity of a bot: shares its operator's source, polls far too often, buys at once.
    case bot
    /// Registers, then sends forged tokens before and after admission.
    case forger
    /// Registers, waits, reserves, then tries to buy the reservation twice.
    case doubleSpender(DoubleSpendVariant)
    /// Registers and calls checkout while still waiting.
    case earlyCheckout

    var isBot: Bool { self == .bot }

    var isAttacker: Bool {
        switch self {
        case .shopper, .bot: false
        case .forger, .doubleSpender, .earlyCheckout: true
        }
    }

    /// How many registration answers 429 the visitor takes before giving up; bots hammer on.
    var registrationAttempts: Int { isBot ? 200 : 10 }
}
