import FloodgateCore
import Foundation

/// A rehearsal: the sale, the crowd and its arrival curve, what shoppers do, the bots and
/// attackers, the faults and their timing, and how long it lasts. Read from a JSON file
/// (`Rehearsals/README.md` documents every field); every field but `sale` has a default.
public struct RehearsalProfile: Sendable {
    /// What the rehearsal shows, for people (JSON has no comments).
    public var description = ""
    /// Seeds the shoppers' random choices, so a run can be repeated.
    public var seed: UInt64 = 1
    /// How long shoppers keep arriving and waiting, in seconds.
    public var durationSeconds: Double = 30
    /// How long shoppers already in checkout may finish after that; then everything stops.
    public var drainSeconds: Double = 10
    /// The sale, as in a sale file, without absolute times (see ``startsAfterSeconds``).
    public var sale: SaleDefinition
    /// When the sale starts, in seconds from the start; before that shoppers pre-register
    /// (for a lottery, the pre-registrations are the ones drawn).
    public var startsAfterSeconds: Double = 0
    /// The most shoppers that arrive (the arrival curve may bring fewer in the time).
    public var shoppers = 1_000
    public var arrival = ArrivalCurve()
    public var behaviour = ShopperBehaviour()
    public var bots = BotSettings()
    public var attacks = AttackSettings()
    public var faults: [FaultSpec] = []
    /// How many daemons `--spawn` starts on the one Redis (shoppers are spread over them).
    public var daemons = 1
    /// What Redis `--spawn` starts: one server, or a local cluster.
    public var redis = RedisTopology.single
    /// On a cluster, the replicas that must confirm each money-moving write before a daemon
    /// answers (`serve --redis-wait-replicas`); 0 answers once the primary has it.
    public var redisWaitReplicas = 0
    /// How long a daemon's WAIT gives the replicas (`serve --redis-wait-timeout-ms`).
    public var redisWaitTimeoutMs = 500
    /// How the crowd reaches the daemons: each from its own address, or through a load balancer.
    public var network = ShopperNetwork.direct
    /// The load generator's sockets per daemon. On a `direct` network they are shared by every
    /// source address (each shopper, bot operator address and office sends from its own loopback
    /// address, with up to 4 keep-alive connections; past the limit, the least recently idle one
    /// is closed to open another); behind a load balancer they are its keep-alive connections.
    /// `connections × daemons` is at most 512.
    public var connections = 128
    /// How long a request may take before the shopper gives up on it and retries.
    public var requestTimeoutMs = 10_000

    /// The sale's SKU names.
    public var skuNames: [String] { sale.skus.map(\.sku) }
}

extension RehearsalProfile {
    static let keys = [
        "description", "seed", "duration_seconds", "drain_seconds", "sale", "starts_after_seconds", "shoppers", "arrival",
        "behaviour", "bots", "attacks", "faults", "daemons", "redis",
        "redis_wait_replicas", "redis_wait_timeout_ms", "network", "connections", "request_timeout_ms",
    ]

    /// Reads and checks a profile file.
    /// - Throws: ``RehearsalProfileError`` listing every problem found.
    public static func load(path: String) throws(RehearsalProfileError) -> RehearsalProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RehearsalProfileError(file: path, problems: ["cannot be read"])
        }
        do {
            return try parse(data)
        } catch {
            throw RehearsalProfileError(file: path, problems: error.profileProblems)
        }
    }

    /// Parses and checks a profile.
    /// - Throws: ``RehearsalProfileError`` listing every problem found.
    public static func parse(_ data: Data) throws(RehearsalProfileError) -> RehearsalProfile {
        let profile: RehearsalProfile
        do {
            profile = try JSONDecoder().decode(RehearsalProfile.self, from: data)
        } catch let error as DecodingError {
            throw RehearsalProfileError(file: "", problems: [error.profileMessage])
        } catch let error as RehearsalProfileError {
            throw error
        } catch {
            throw RehearsalProfileError(file: "", problems: ["not valid JSON"])
        }
        let problems = profile.problems()
        guard problems.isEmpty else { throw RehearsalProfileError(file: "", problems: problems) }
        return profile
    }

    /// Every rule the profile breaks, one line each.
    func problems() -> [String] {
        var problems = arrival.problems() + behaviour.problems() + bots.problems() + attacks.problems()
        if !(1...3_600).contains(durationSeconds) { problems.append("duration_seconds: must be from 1 to 3600") }
        if !(0...600).contains(drainSeconds) { problems.append("drain_seconds: must be from 0 to 600") }
        if !(0..<durationSeconds).contains(startsAfterSeconds) { problems.append("starts_after_seconds: must be from 0 to less than duration_seconds") }
        if !(0...1_000_000).contains(shoppers) { problems.append("shoppers: must be from 0 to 1000000") }
        if !(1...8).contains(daemons) { problems.append("daemons: must be from 1 to 8") }
        if !(1...512).contains(connections * daemons) { problems.append("connections: from 1 to 512 sockets in all (connections × daemons)") }
        if !(100...120_000).contains(requestTimeoutMs) { problems.append("request_timeout_ms: must be from 100 to 120000") }
        problems += redisProblems()
        if sale.id.utf8.count > 56 { problems.append("sale.id: at most 56 characters (the run adds a suffix)") }
        if sale.powDifficulty > 16 { problems.append("sale.pow_difficulty: at most 16 in a rehearsal (every shopper's work runs on this machine)") }
        for (index, fault) in faults.enumerated() {
            problems += fault.problems(index: index, durationSeconds: durationSeconds, daemons: daemons, skus: skuNames)
        }
        return problems
    }
}

extension RehearsalProfile {
    /// The daemons' flags for the Redis settings (`--redis-wait-replicas` when set).
    var redisServeArguments: [String] {
        redisWaitReplicas > 0 ? ["--redis-wait-replicas", "\(redisWaitReplicas)", "--redis-wait-timeout-ms", "\(redisWaitTimeoutMs)"] : []
    }

    private func redisProblems() -> [String] {
        var problems: [String] = []
        if !(0...1).contains(redisWaitReplicas) { problems.append("redis_wait_replicas: must be 0 or 1 (each primary of the cluster has one replica)") }
        if redisWaitReplicas > 0, redis != .cluster { problems.append("redis_wait_replicas: needs \"redis\": \"cluster\" (a single Redis has no replicas)") }
        if !(1...60_000).contains(redisWaitTimeoutMs) { problems.append("redis_wait_timeout_ms: must be from 1 to 60000") }
        for (index, fault) in faults.enumerated() {
            switch (fault.kind, redis) {
            case (.failover, .single): problems.append("faults[\(index)]: failover needs \"redis\": \"cluster\"")
            case (.restartRedis, .cluster): problems.append("faults[\(index)]: restart_redis needs \"redis\": \"single\" (on a cluster, use failover)")
            case (.slowRedis, .cluster): problems.append("faults[\(index)]: slow_redis needs \"redis\": \"single\" (CLIENT PAUSE would stall one node of the cluster, not the sale's)")
            default: break
            }
        }
        return problems
    }
}

extension RehearsalProfile: Decodable {
    public init(from decoder: any Decoder) throws {
        let object = try decoder.profileObject(allowed: Self.keys)
        sale = try Self.sale(try object.required("sale"))
        description = try object.value("description", or: description)
        seed = try object.value("seed", or: seed)
        durationSeconds = try object.value("duration_seconds", or: durationSeconds)
        drainSeconds = try object.value("drain_seconds", or: drainSeconds)
        startsAfterSeconds = try object.value("starts_after_seconds", or: startsAfterSeconds)
        shoppers = try object.value("shoppers", or: shoppers)
        arrival = try object.value("arrival", or: arrival)
        behaviour = try object.value("behaviour", or: behaviour)
        bots = try object.value("bots", or: bots)
        attacks = try object.value("attacks", or: attacks)
        faults = try object.value("faults", or: faults)
        daemons = try object.value("daemons", or: daemons)
        redis = try object.value("redis", or: redis)
        redisWaitReplicas = try object.value("redis_wait_replicas", or: redisWaitReplicas)
        redisWaitTimeoutMs = try object.value("redis_wait_timeout_ms", or: redisWaitTimeoutMs)
        network = try object.value("network", or: network)
        connections = try object.value("connections", or: connections)
        requestTimeoutMs = try object.value("request_timeout_ms", or: requestTimeoutMs)
    }

    /// The sale definition, checked by the daemon's own rules; absolute times are refused.
    private static func sale(_ value: JSONValue) throws -> SaleDefinition {
        if case .object(let members) = value {
            let absolute = ["starts_at", "prequeue_opens_at", "ends_at"].filter { members[$0] != nil }
            if !absolute.isEmpty {
                throw RehearsalProfileError(file: "", problems: absolute.map { "sale.\($0): not allowed in a profile; use starts_after_seconds" })
            }
        }
        do {
            return try SaleDefinition.parse(value: value, now: Date())
        } catch {
            throw RehearsalProfileError(file: "", problems: error.problems.map { "sale.\($0.field): \($0.message)" })
        }
    }
}

/// A profile that cannot be used, with every problem found.
public struct RehearsalProfileError: Error, Sendable, CustomStringConvertible {
    /// The profile file, when it came from one.
    public var file: String
    /// One line per problem.
    public var problems: [String]

    public var description: String {
        (file.isEmpty ? "profile" : "profile \(file)") + ": " + problems.joined(separator: "; ")
    }
}

extension Error {
    /// The problems of a profile error, or this error as one problem.
    fileprivate var profileProblems: [String] {
        if let error = self as? RehearsalProfileError { return error.problems }
        if let error = self as? DecodingError { return [error.profileMessage] }
        return ["\(self)"]
    }
}
