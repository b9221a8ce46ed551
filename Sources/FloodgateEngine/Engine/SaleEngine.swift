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
    let logger: Logger

    /// Creates an engine; call ``loadScripts()`` once connected.
    /// - Parameters:
    ///   - gateway: the payment gateway; the simulated one (settings per sale) by default.
    public init(redis: RedisClient, scripts: ScriptLibrary, gateway: (any PaymentGateway)? = nil, logger: Logger = Logger(label: "floodgate.engine")) {
        self.redis = redis
        self.scripts = scripts
        self.gateway = gateway ?? SimulatedPaymentGateway(redis: redis)
        self.logger = logger
    }

    /// Loads every script into Redis' script cache.
    public func loadScripts() async throws {
        try await redis.load(scripts.all)
    }

    /// Runs a script and returns its array reply.
    /// - Throws: ``EngineError/redis(_:)`` when Redis fails or the script raises an error.
    func run(_ script: RedisScript, keys: [String], arguments: [String] = []) async throws -> ScriptReply {
        let reply: RedisReply
        do {
            reply = try await redis.evalsha(script, keys: keys, arguments: arguments)
        } catch let error as RedisError {
            throw EngineError.redis(error.description)
        }
        if let message = reply.errorMessage {
            logger.error("script failed", metadata: ["script": "\(script.name)", "error": "\(message)"])
            throw EngineError.redis("\(script.name): \(message)")
        }
        guard let values = reply.array else { throw EngineError.redis("\(script.name): unexpected reply \(reply)") }
        return ScriptReply(values: values)
    }

    /// Sends one plain command.
    func command(_ arguments: [String]) async throws -> RedisReply {
        do {
            let reply = try await redis.send(arguments)
            if let message = reply.errorMessage { throw EngineError.redis("\(arguments.first ?? ""): \(message)") }
            return reply
        } catch let error as RedisError {
            throw EngineError.redis(error.description)
        }
    }

    /// A hash as a dictionary.
    func hash(_ key: String) async throws -> [String: String] {
        let values = try await command(["HGETALL", key]).array ?? []
        var result: [String: String] = [:]
        for index in stride(from: 0, to: values.count - 1, by: 2) {
            if let field = values[index].string { result[field] = values[index + 1].string ?? "" }
        }
        return result
    }
}

/// A script's array reply: a code first (`ok`, `sold_out`...), then values.
struct ScriptReply: Sendable {
    let values: [RedisReply]

    /// The first element, as text.
    var code: String { values.first?.string ?? "" }

    /// Element `index` as an integer (0 when absent).
    func int(_ index: Int) -> Int {
        index < values.count ? Int(values[index].int ?? 0) : 0
    }

    /// Element `index` as text.
    func string(_ index: Int) -> String? {
        index < values.count ? values[index].string : nil
    }

    /// The elements from `index` on, as text.
    func strings(from index: Int) -> [String] {
        index < values.count ? values[index...].compactMap(\.string) : []
    }
}

/// Failures that are not the caller's fault.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// Redis failed or is out of reach; the operation may be retried.
    case redis(String)

    public var description: String {
        switch self {
        case .redis(let why): "Redis: \(why)"
        }
    }
}
