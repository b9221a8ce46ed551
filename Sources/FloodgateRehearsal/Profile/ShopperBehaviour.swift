/// What admitted shoppers do: the mix of intents (weights, normalised), how they react to a
/// declined payment, and how long they think between steps.
public struct ShopperBehaviour: Sendable, Hashable {
    /// Weight of shoppers who reserve and commit.
    public var buy: Double = 0.8
    /// Weight of shoppers who reserve and walk away (the reservation expires at its TTL).
    public var abandon: Double = 0.1
    /// Weight of shoppers who reserve and then cancel.
    public var cancel: Double = 0.1
    /// The chance that a shopper whose payment was declined (402) tries again with a new key.
    public var retryAfter402: Double = 0.7
    /// The most payment retries after 402 per shopper.
    public var maxPaymentRetries: Int = 2
    /// The shortest and longest think time before reserving and before paying, in ms.
    public var thinkMs: ClosedRange<Int> = 200...1_500
    /// Every `office_every`th shopper sits in one office behind one shared address (0: none).
    public var officeEvery = 0
    /// The slowest and fastest browser proof of work, hashes a second (a phone to a desktop).
    public var browserHashesPerSecond: ClosedRange<Int> = 100_000...550_000

    /// The defaults: 80% buy, 10% abandon, 10% cancel.
    public init() {}

    /// What one admitted shopper intends.
    public enum Intent: Sendable, Hashable {
        case buy, abandon, cancel
    }

    /// The intent for a uniform draw `draw` in 0..<1.
    func intent(for draw: Double) -> Intent {
        let total = buy + abandon + cancel
        let point = draw * total
        if point < buy { return .buy }
        if point < buy + abandon { return .abandon }
        return .cancel
    }
}

extension ShopperBehaviour: Decodable {
    static let keys = ["buy", "abandon", "cancel", "retry_after_402", "max_payment_retries", "think_ms", "office_every"]

    public init(from decoder: any Decoder) throws {
        let object = try decoder.profileObject(allowed: Self.keys)
        buy = try object.value("buy", or: buy)
        abandon = try object.value("abandon", or: abandon)
        cancel = try object.value("cancel", or: cancel)
        retryAfter402 = try object.value("retry_after_402", or: retryAfter402)
        maxPaymentRetries = try object.value("max_payment_retries", or: maxPaymentRetries)
        officeEvery = try object.value("office_every", or: officeEvery)
        if let think = try object.decodeIfPresent([Int].self, forKey: ProfileKey("think_ms")) {
            guard think.count == 2, think[0] >= 0, think[0] <= think[1] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [ProfileKey("think_ms")],
                                                        debugDescription: "must be [min, max] with 0 <= min <= max"))
            }
            thinkMs = think[0]...think[1]
        }
    }

    /// What is wrong with the mix, one line each.
    func problems() -> [String] {
        var problems: [String] = []
        if [buy, abandon, cancel].contains(where: { $0 < 0 }) || buy + abandon + cancel <= 0 {
            problems.append("behaviour: buy, abandon and cancel must be weights of 0 or more, not all 0")
        }
        if !(0...1).contains(retryAfter402) { problems.append("behaviour.retry_after_402: must be from 0 to 1") }
        if !(0...20).contains(maxPaymentRetries) { problems.append("behaviour.max_payment_retries: must be from 0 to 20") }
        if thinkMs.upperBound > 600_000 { problems.append("behaviour.think_ms: at most 600000") }
        return problems
    }
}
