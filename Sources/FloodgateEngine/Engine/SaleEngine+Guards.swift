import FloodgateCore
import FloodgateRedis
import Foundation

/// The guards' state in Redis: the lease, the settings, each guard's track, the alerts and the
/// per-second vitals. Every key carries the sale's hash tag.
extension SaleEngine {
    /// How many alerts a sale keeps (active and cleared).
    public static let alertsKept = 50

    /// Takes or renews the sale's guard lease for `daemon`.
    /// - Returns: whether `daemon` holds it now.
    public func holdGuardLease(saleID: String, daemon: String, ttlMs: Int) async throws -> Bool {
        let keys = SaleKeys(saleID: saleID)
        let reply = try await run(scripts.guards.lease, keys: [keys.control, keys.guardLease], arguments: [daemon, String(ttlMs)])
        try reply.requireSale(saleID)
        return reply.code == "held"
    }

    /// The sale's guard plan: the one set through the admin API, or the definition's.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` when the stored plan is unreadable.
    public func guardPlan(saleID: String, definition: SaleDefinition) async throws -> GuardPlan {
        guard let json = try await command(["GET", SaleKeys(saleID: saleID).guardSettings]).string else { return GuardPlan(definition) }
        do {
            return try JSONDecoder().decode(GuardPlan.self, from: Data(json.utf8))
        } catch {
            throw SaleEngineError.protocolDrift("the stored guard plan of sale \(saleID) is unreadable: \(error)")
        }
    }

    /// Stores the sale's guard plan (every daemon reads it at its next evaluation).
    public func setGuardPlan(saleID: String, _ plan: GuardPlan) async throws {
        _ = try await command(["SET", SaleKeys(saleID: saleID).guardSettings, plan.json])
    }

    /// How many seconds of vitals a sale keeps.
    public static let vitalsKeptSeconds: Int64 = 120

    /// Adds figures to the sale's vitals of `second` (see `vitals_record.lua`).
    /// - Parameters:
    ///   - adds: counts to add; `maxes`: figures to keep the largest of; `sets`: figures to set.
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived.
    public func recordVitals(saleID: String, second: Int64, adds: [(String, Int)], maxes: [(String, Double)] = [],
                             sets: [(String, Int)] = []) async throws {
        let keys = SaleKeys(saleID: saleID)
        var arguments = [String(second), String(second - Self.vitalsKeptSeconds), String(adds.count), String(maxes.count)]
        for (field, value) in adds { arguments += [field, String(value)] }
        for (field, value) in maxes { arguments += [field, String(value)] }
        for (field, value) in sets { arguments += [field, String(value)] }
        try await run(scripts.guards.vitals, keys: [keys.control, keys.vitals], arguments: arguments).requireSale(saleID)
    }

    /// The vitals of the given seconds, in the order given; a second nobody recorded is empty.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` for a field that is not `<second>|<figure>` with a number.
    public func vitals(saleID: String, seconds: [Int64]) async throws -> [VitalsSecond] {
        var fields: [Int64: [String: String]] = [:]
        for (field, value) in try await hash(SaleKeys(saleID: saleID).vitals) {
            let parts = field.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, let second = Int64(parts[0]) else { throw SaleEngineError.protocolDrift("vitals of sale \(saleID): field \(field)") }
            fields[second, default: [:]][parts[1]] = value
        }
        return try seconds.map { try Self.vitalsSecond($0, fields[$0] ?? [:]) }
    }

    private static func vitalsSecond(_ second: Int64, _ fields: [String: String]) throws -> VitalsSecond {
        func number(_ name: String) throws -> Double? {
            guard let text = fields[name] else { return nil }
            guard let value = Double(text), value.isFinite else { throw SaleEngineError.protocolDrift("vitals \(second): \(name) is \(text)") }
            return value
        }
        func count(_ name: String) throws -> Int { Int(try number(name) ?? 0) }
        var vitals = VitalsSecond(second: second)
        vitals.requests = try count("requests")
        vitals.serverErrors = try count("server_errors")
        vitals.checkoutCalls = try count("checkout_calls")
        vitals.checkoutP99Ms = try number("checkout_p99_ms") ?? 0
        vitals.redisCalls = try count("redis_calls")
        vitals.redisP99Ms = try number("redis_p99_ms") ?? 0
        for name in fields.keys where name.hasPrefix(VitalsSecond.shedPrefix) {
            vitals.shed[String(name.dropFirst(VitalsSecond.shedPrefix.count))] = try count(name)
        }
        if fields["reserved"] != nil {
            vitals.totals = VitalsSecond.Totals(reserved: try count("reserved"), expired: try count("expired"))
        }
        return vitals
    }

    /// The latest `count` payment outcomes settled at or after `sinceMs` (ms since 1970), newest
    /// first (true: paid).
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` for an entry that is not `<ms>:0` or `<ms>:1`.
    public func paymentOutcomes(saleID: String, count: Int, sinceMs: Int64) async throws -> [Bool] {
        let key = SaleKeys(saleID: saleID).paymentOutcomes
        var outcomes: [Bool] = []
        for entry in try strings(try await command(["LRANGE", key, "0", String(max(0, count - 1))]), "LRANGE \(key)") {
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let at = Int64(parts[0]), parts[1] == "0" || parts[1] == "1" else {
                throw SaleEngineError.protocolDrift("\(key): entry \(entry)")
            }
            if at < sinceMs { break }
            outcomes.append(parts[1] == "1")
        }
        return outcomes
    }

    /// Each guard's track as stored (the raw JSON, to move it with ``moveGuardTrack(saleID:kind:from:to:alert:)``).
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` for an unreadable track.
    public func guardTracks(saleID: String) async throws -> [GuardKind: (raw: String, track: GuardTrack)] {
        var tracks: [GuardKind: (raw: String, track: GuardTrack)] = [:]
        for (name, json) in try await hash(SaleKeys(saleID: saleID).guardState) {
            guard let kind = GuardKind(rawValue: name) else { continue }
            do {
                tracks[kind] = (json, try JSONDecoder().decode(GuardTrack.self, from: Data(json.utf8)))
            } catch {
                throw SaleEngineError.protocolDrift("guard track \(name) of sale \(saleID) is unreadable: \(error)")
            }
        }
        return tracks
    }

    /// Moves a guard from the track read (`from`, "" for none) to `to` (nil: quiet), writing
    /// `alert` with it, once (see `guard_track.lua`).
    /// - Returns: false when the track had moved meanwhile (another daemon acted): nothing was written.
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived.
    public func moveGuardTrack(saleID: String, kind: GuardKind, from raw: String, to track: GuardTrack?, alert: GuardAlert?) async throws -> Bool {
        let reply = try await run(scripts.guards.track, keys: SaleKeys(saleID: saleID).guardTrackKeys, arguments: [
            kind.rawValue, raw, track.map { Self.json($0) } ?? "", alert?.id ?? "", alert.map { Self.json($0) } ?? "", String(Self.alertsKept),
        ])
        try reply.requireSale(saleID)
        return reply.code == "moved"
    }

    /// The sale's alerts, newest first.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` for an unreadable alert.
    public func alerts(saleID: String) async throws -> [GuardAlert] {
        try await hash(SaleKeys(saleID: saleID).alerts).sorted { $0.key > $1.key }.map { id, json in
            try Self.alert(json, id: id, saleID: saleID)
        }
    }

    /// An alert as stored (JSON).
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` when it is unreadable.
    private static func alert(_ json: String, id: String, saleID: String) throws -> GuardAlert {
        do {
            return try JSONDecoder().decode(GuardAlert.self, from: Data(json.utf8))
        } catch {
            throw SaleEngineError.protocolDrift("alert \(id) of sale \(saleID) is unreadable: \(error)")
        }
    }

    /// Marks an alert acknowledged by `actor` at Redis' time, in one step with the guards' writes
    /// of it (`alert_ack.lua`); a second acknowledgement keeps the first one's name and time.
    /// - Returns: the alert, or nil when the sale has no such alert.
    /// - Throws: ``SaleEngineError/unknownSale(_:)`` when the sale is gone or archived,
    ///   ``SaleEngineError/protocolDrift(_:)`` for an unreadable alert or reply.
    public func acknowledgeAlert(saleID: String, alertID: String, by actor: String) async throws -> GuardAlert? {
        let at = RFC3339.format(unixSeconds: try await redisTimeMs() / 1000)
        let reply = try await run(scripts.guards.acknowledge, keys: SaleKeys(saleID: saleID).alertAckKeys, arguments: [alertID, actor, at])
        try reply.requireSale(saleID)
        switch reply.code {
        case "not_found":
            return nil
        case "acknowledged", "already":
            return try Self.alert(try reply.text(1), id: alertID, saleID: saleID)
        default:
            throw SaleEngineError.protocolDrift("alert_ack answered \(reply.code)")
        }
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
