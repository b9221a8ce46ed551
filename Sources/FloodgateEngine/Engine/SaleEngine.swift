import FloodgateCore
import FloodgateRedis
import Logging

/// The sale engine: every shopper and operator operation on a sale, each one Lua script call
/// (or a few, for commit and rollback) against Redis, the one source of truth.
///
/// The engine holds no sale state of its own: several daemons on one Redis serve a sale together.
public final class SaleEngine: Sendable {
    /// The Redis client every call goes through.
    public let redis: RedisClient
    /// The Lua scripts.
    public let scripts: ScriptLibrary
    /// Takes payments at commit, refunds at rollback.
    public let gateway: any PaymentGateway
    /// How long a payment may take and the reservation is held for it.
    public let payments: PaymentPolicy
    let waiters = PaymentWaiters()
    let logger: Logger

    /// Creates an engine; call ``loadScripts()`` once connected.
    /// - Parameters:
    ///   - gateway: the payment gateway; the simulated one (settings per sale) by default.
    ///   - payments: the gateway timeout and the payment hold.
    public init(redis: RedisClient, scripts: ScriptLibrary, gateway: (any PaymentGateway)? = nil, payments: PaymentPolicy = PaymentPolicy(),
                logger: Logger = Logger(label: "floodgate.engine")) {
        self.redis = redis
        self.scripts = scripts
        self.gateway = gateway ?? SimulatedPaymentGateway(redis: redis, record: scripts.gatewayRecord)
        self.payments = payments
        self.logger = logger
    }

    /// Loads every script into Redis' script cache.
    public func loadScripts() async throws {
        try await redis.load(scripts.all)
    }

    /// Runs a script and returns its array reply.
    /// - Throws: ``SaleEngineError/malformedData(_:)`` when the script found a field of the sale's
    ///   keys missing or malformed (`ERR floodgate: malformed <field> in <key>`, see `lib.lua`),
    ///   ``SaleEngineError/redis(_:)`` when Redis fails or the script raises any other error,
    ///   ``SaleEngineError/protocolDrift(_:)`` when the reply is not an array.
    func run(_ script: RedisScript, keys: [String], arguments: [String] = []) async throws -> ScriptReply {
        let reply: RedisReply
        do {
            reply = try await redis.evalsha(script, keys: keys, arguments: arguments)
        } catch let error as RedisError {
            throw SaleEngineError.redis(error.description)
        }
        if let message = reply.errorMessage {
            logger.error("script failed", metadata: ["script": "\(script.name)", "error": "\(message)"])
            if let what = Self.malformedField(in: message) { throw SaleEngineError.malformedData("\(script.name): \(what)") }
            throw SaleEngineError.redis("\(script.name): \(message)")
        }
        guard let values = reply.array else { throw SaleEngineError.protocolDrift("\(script.name): \(reply)") }
        return ScriptReply(script: script.name, values: values)
    }

    /// The `<field> in <key>` of `lib.lua`'s `malformed` error (`ERR floodgate: malformed <field>
    /// in <key>`, to which Redis adds ` script: <sha>, on @user_script:<line>.`); nil for any other error.
    static func malformedField(in message: String) -> String? {
        guard let start = message.firstRange(of: "floodgate: malformed ") else { return nil }
        let rest = message[start.upperBound...]
        return String(rest[..<(rest.firstRange(of: " script: ")?.lowerBound ?? rest.endIndex)])
    }

    /// Sends one plain command.
    func command(_ arguments: [String]) async throws -> RedisReply {
        do {
            let reply = try await redis.send(arguments)
            if let message = reply.errorMessage { throw SaleEngineError.redis("\(arguments.first ?? ""): \(message)") }
            return reply
        } catch let error as RedisError {
            throw SaleEngineError.redis(error.description)
        }
    }

    /// A hash as a dictionary.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` when the reply is not field/value pairs.
    func hash(_ key: String) async throws -> [String: String] {
        let values = try strings(try await command(["HGETALL", key]), "HGETALL \(key)")
        guard values.count % 2 == 0 else { throw SaleEngineError.protocolDrift("HGETALL \(key): odd reply") }
        var result: [String: String] = [:]
        for index in stride(from: 0, to: values.count, by: 2) { result[values[index]] = values[index + 1] }
        return result
    }
}

/// A script's array reply: a code first (`ok`, `sold_out`...), then values. A missing or
/// malformed element is ``SaleEngineError/protocolDrift(_:)``, never a default.
struct ScriptReply: Sendable {
    let script: String
    let values: [RedisReply]

    /// The first element, as text ("" when the reply is empty, which no script answers).
    var code: String { values.first?.string ?? "" }

    /// Element `index` as an integer.
    func integer(_ index: Int) throws -> Int {
        guard index < values.count, let value = values[index].int else { throw drift(index) }
        return Int(value)
    }

    /// Element `index` as a number (an integer or a decimal string).
    func number(_ index: Int) throws -> Double {
        guard index < values.count, let text = values[index].string, let value = Double(text), value.isFinite else { throw drift(index) }
        return value
    }

    /// The elements from `index` on, each as text.
    func strings(from index: Int) throws -> [String] {
        guard index <= values.count else { throw drift(index) }
        return try values[index...].indices.map { try text($0) }
    }

    /// Element `index` as text.
    func text(_ index: Int) throws -> String {
        guard index < values.count, let value = values[index].string else { throw drift(index) }
        return value
    }

    /// Throws ``SaleEngineError/unknownSale(_:)`` when the script answered `unknown_sale`: the
    /// sale's keys are gone or archived, and the script wrote nothing.
    func requireSale(_ saleID: String) throws {
        if code == "unknown_sale" { throw SaleEngineError.unknownSale(saleID) }
    }

    private func drift(_ index: Int) -> SaleEngineError {
        .protocolDrift("\(script) reply \(values) has no valid element \(index)")
    }
}
