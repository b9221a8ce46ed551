import FloodgateCore
import FloodgateRedis
import Foundation
import Logging

extension SaleEngine {
    /// Creates a sale from a validated definition, with a fresh lottery seed.
    /// - Returns: the sale's state right after creation.
    /// - Throws: ``SaleEngineError/saleExists(_:)`` when the id is taken.
    @discardableResult
    public func create(_ definition: SaleDefinition) async throws -> SaleState {
        let keys = SaleKeys(saleID: definition.id)
        let seed = LotterySeed.random()
        let json = String(decoding: try JSONEncoder().encode(definition), as: UTF8.self)
        let control = Self.controlFields(definition, seed: seed)
        var arguments = [json, String(control.count / 2)] + control
        for sku in definition.skus { arguments += [sku.sku, String(sku.stock)] }
        let reply = try await run(scripts.createSale, keys: keys.createKeys, arguments: arguments)
        guard reply.code == "ok" else { throw SaleEngineError.saleExists(definition.id) }
        _ = try await command(["SADD", SaleKeys.index, definition.id])
        return try Self.state(reply, 1)
    }

    /// Moves the keys of no one sale from their names before the `{global}` hash tag
    /// (`fg:sales`, `fg:secret`) to ``SaleKeys/index`` and ``SaleKeys/secret``, so a data
    /// directory from an older version keeps its sales and its signing key. Idempotent.
    public func migrateLegacyKeys() async throws {
        let legacySales = try strings(try await command(["SMEMBERS", SaleKeys.legacyIndex]), "SMEMBERS legacy sales")
        if !legacySales.isEmpty {
            _ = try await command(["SADD", SaleKeys.index] + legacySales)
            _ = try await command(["DEL", SaleKeys.legacyIndex])
            logger.notice("moved the sale index to \(SaleKeys.index)", metadata: ["sales": "\(legacySales.count)"])
        }
        if let secret = try await command(["GET", SaleKeys.legacySecret]).string {
            _ = try await command(["SET", SaleKeys.secret, secret, "NX"])
            _ = try await command(["DEL", SaleKeys.legacySecret])
            logger.notice("moved the shared secret to \(SaleKeys.secret)")
        }
    }

    /// The ids of every sale, sorted.
    public func saleIDs() async throws -> [String] {
        try strings(try await command(["SMEMBERS", SaleKeys.index]), "SMEMBERS sales").sorted()
    }

    /// A sale's definition as created, or nil for an unknown sale.
    /// - Throws: ``SaleEngineError/protocolDrift(_:)`` when the stored definition is unreadable.
    public func definition(of saleID: String) async throws -> SaleDefinition? {
        guard SaleDefinition.isValidID(saleID) else { return nil }
        guard let json = try await command(["GET", SaleKeys(saleID: saleID).definition]).string else { return nil }
        do {
            return try SaleDefinition.parse(json: Data(json.utf8), now: Date())
        } catch {
            throw SaleEngineError.protocolDrift("the stored definition of sale \(saleID) is unreadable: \(error)")
        }
    }

    /// The sale's current figures, read from Redis: state, stock, queue, counters.
    /// - Returns: nil for an unknown sale, and for an archived one (its keys are expiring).
    public func status(of saleID: String) async throws -> SaleStatus? {
        guard SaleDefinition.isValidID(saleID) else { return nil }
        let keys = SaleKeys(saleID: saleID)
        async let control = hash(keys.control)
        async let inventory = hash(keys.inventory)
        async let counters = hash(keys.counters)
        async let paying = count(["ZCARD", keys.paying])
        let ctl = try await control
        guard !ctl.isEmpty, ctl["archived_ms"] == nil else { return nil }
        var status = try SaleStatus(id: saleID, control: ctl, inventory: try await inventory, counters: try await counters)
        status.paymentsPending = try await paying
        return status
    }

    /// The control fields a new sale starts with.
    private static func controlFields(_ definition: SaleDefinition, seed: LotterySeed) -> [String] {
        func ms(_ date: Date?) -> String { date.map { String(Int64(saturating: $0.timeIntervalSince1970 * 1000)) } ?? "0" }
        return [
            "name", definition.name,
            "fairness", definition.fairness.rawValue,
            "starts_at_ms", ms(definition.startsAt),
            "prequeue_ms", ms(definition.prequeueOpensAt ?? definition.startsAt),
            "ends_at_ms", ms(definition.endsAt),
            "admit_per_second", String(definition.admitPerSecond),
            "admission_factor", String(definition.admissionFactor),
            "window_ms", String(definition.admissionWindowSeconds * 1000),
            "ttl_ms", String(definition.reservationTTLSeconds * 1000),
            "per_user_limit", String(definition.perUserLimit),
            "pow_difficulty", String(definition.powDifficulty),
            "failure_rate", String(definition.payment.failureRate),
            "latency_ms", String(definition.payment.latencyMs),
            "seed", seed.hex,
            "seed_sha256", LotteryDraw.seedCommitment(seed),
        ]
    }
}
