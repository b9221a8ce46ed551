import FloodgateCore
import FloodgateRedis
import Foundation

/// The sale as Redis holds it after the run: control and inventory hashes, the simulated
/// gateway's payments and the ledger's last entry read by one read-only script
/// (`Scripts/sale_snapshot.lua`, atomic, so they agree with each other, on a single Redis or a
/// cluster), then the ledger up to that entry.
struct RedisSnapshot: Sendable {
    /// One `fg:{S}:ledger` entry.
    struct LedgerEntry: Sendable, Hashable {
        let op: String
        let reservationID: String
        let user: String
        let sku: String
        let qty: Int
        let order: String?
    }

    var control: [String: String] = [:]
    var inventory: [String: String] = [:]
    var counters: [String: String] = [:]
    var ledger: [LedgerEntry] = []
    /// Payment attempt -> `charged:<rid>`, `refunded:<rid>` or `voided:<rid>`.
    var payments: [String: String] = [:]
    /// The bot defense's verdicts: sessions flagged (score at or above the threshold), held now, evicted.
    var botFlagged: Set<String> = []
    var botHeld: Set<String> = []
    var botEvicted: Set<String> = []
    /// When each held session was first held (unix ms).
    var botHeldAt: [String: Int64] = [:]
    /// The payment attempts open at the drain and still open when the snapshot was read (``PaymentSettling``).
    var settling = PaymentSettling.Outcome(openAtDrain: 0, open: 0, seconds: 0)

    /// Reads sale `saleID` through `client` (a single Redis or a cluster).
    /// - Throws: ``RehearsalSetupError`` when Redis does not answer as expected.
    static func read(_ client: RedisClient, saleID: String) async throws -> RedisSnapshot {
        let prefix = "fg:{\(saleID)}:"
        let ledgerKey = prefix + "ledger"
        let reply = try await client.evalsha(try script(), keys: ["ctl", "inv", "counters", "ledger", "payments"].map { prefix + $0 }, arguments: [])
        guard let replies = reply.array, replies.count == 5 else {
            throw RehearsalSetupError("reading the sale from Redis: the snapshot script answered \(reply), not five replies")
        }
        var snapshot = RedisSnapshot(control: hash(replies[0]), inventory: hash(replies[1]), counters: hash(replies[2]), payments: hash(replies[4]))
        if let last = replies[3].array?.first?.array?.first?.string {
            snapshot.ledger = try await entries(client, key: ledgerKey, through: last)
        }
        snapshot.botFlagged = Set(try await client.send(["SMEMBERS", prefix + "bot:flagged"]).array?.compactMap(\.string) ?? [])
        snapshot.botHeld = Set(try await client.send(["ZRANGE", prefix + "bot:held", "0", "-1"]).array?.compactMap(\.string) ?? [])
        snapshot.botHeldAt = hash(try await client.send(["HGETALL", prefix + "bot:heldat"])).compactMapValues { Int64($0) }
        snapshot.botEvicted = Set(try await client.send(["SMEMBERS", prefix + "bot:revoked"]).array?.compactMap(\.string) ?? [])
        return snapshot
    }

    /// `Scripts/sale_snapshot.lua`, from the target's resources.
    private static func script() throws -> RedisScript {
        guard let url = Bundle.module.url(forResource: "sale_snapshot", withExtension: "lua", subdirectory: "Scripts"),
            let source = try? String(contentsOf: url, encoding: .utf8)
        else { throw RehearsalSetupError("the rehearsal's Scripts/sale_snapshot.lua resource is missing") }
        return RedisScript(name: "sale_snapshot", source: source)
    }

    /// The daemons' shared token key (`fg:{global}:secret`, SaleKeys.secret), when they keep it in Redis.
    static func tokenSigner(_ client: RedisClient) async -> TokenSigner? {
        guard let text = try? await client.send(["GET", "fg:{global}:secret"]).string, let secret = Data(base64Encoded: text) else { return nil }
        return TokenSigner(secret: secret)
    }

    /// The ledger from its start through entry `last`, 10,000 entries a call (at most ten million).
    private static func entries(_ client: RedisClient, key: String, through last: String) async throws -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        var start = "-"
        for _ in 0..<1_000 {
            guard let page = try await client.send(["XRANGE", key, start, last, "COUNT", "10000"], timeout: .seconds(30)).array else {
                throw RehearsalSetupError("reading the ledger: XRANGE did not answer an array")
            }
            for item in page {
                guard let pair = item.array, pair.count == 2 else { continue }
                entries.append(entry(hash(pair[1])))
            }
            guard page.count == 10_000, let id = page.last?.array?.first?.string else { return entries }
            start = "(" + id
        }
        throw RehearsalSetupError("reading the ledger: more than ten million entries")
    }

    private static func entry(_ fields: [String: String]) -> LedgerEntry {
        LedgerEntry(op: fields["op"] ?? "", reservationID: fields["rid"] ?? "", user: fields["user"] ?? "", sku: fields["sku"] ?? "",
                    qty: Int(fields["qty"] ?? "") ?? 0, order: fields["order"])
    }

    /// A flat `[field, value, ...]` array reply as a dictionary.
    private static func hash(_ reply: RedisReply) -> [String: String] {
        let items = reply.array ?? []
        var result: [String: String] = [:]
        for index in stride(from: 0, to: items.count - 1, by: 2) {
            if let field = items[index].string { result[field] = items[index + 1].string ?? "" }
        }
        return result
    }
}
