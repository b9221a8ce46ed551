import NIOCore
import Testing

@testable import FloodgateRehearsal

@Suite("The invariant checks bite: broken Redis states fail them")
struct InvariantCheckTests {
    typealias Entry = RedisSnapshot.LedgerEntry

    static func snapshot(available: Int, reserved: Int = 0, sold: Int, ledger: [Entry] = [], payments: [String: String] = [:]) -> RedisSnapshot {
        var snapshot = RedisSnapshot()
        snapshot.inventory = ["A|initial": "10", "A|added": "0", "A|available": "\(available)", "A|reserved": "\(reserved)", "A|sold": "\(sold)"]
        snapshot.ledger = ledger
        snapshot.payments = payments
        return snapshot
    }

    static func commit(_ rid: String, order: String, user: String = "shopper-1") -> Entry {
        Entry(op: "commit", reservationID: rid, user: user, sku: "A", qty: 1, order: order)
    }

    @Test("conserved stock passes")
    func conserved() {
        let stock = StockCheck.evaluate(Self.snapshot(available: 7, reserved: 1, sold: 2, ledger: [Self.commit("r1", order: "o1"), Self.commit("r2", order: "o2")]), skus: ["A"])
        #expect(stock.violations.isEmpty)
        #expect(stock.oversoldUnits == 0 && stock.unitsSold == 2 && stock.unitsOnSale == 10)
    }

    @Test("stock added behind the daemon's back breaks conservation")
    func tampered() {
        let stock = StockCheck.evaluate(Self.snapshot(available: 5, sold: 10, ledger: (1...10).map { Self.commit("r\($0)", order: "o\($0)") }), skus: ["A"])
        #expect(stock.violations.count == 1)
    }

    @Test("units sold beyond the stock are oversold, also when only the ledger shows it")
    func oversold() {
        let stock = StockCheck.evaluate(Self.snapshot(available: 0, sold: 10, ledger: (1...12).map { Self.commit("r\($0)", order: "o\($0)") }), skus: ["A"])
        #expect(stock.oversoldUnits == 2)
        #expect(stock.violations.contains { $0.contains("ledger") })
    }

    @Test("a reservation committed twice or charged twice is a double spend; refunds and voids are not")
    func doubleSpends() {
        let snapshot = Self.snapshot(available: 8, sold: 2, ledger: [Self.commit("r1", order: "o1"), Self.commit("r1", order: "o2")],
                                     payments: ["p1": "charged:r1", "p2": "charged:r2", "p3": "charged:r2", "p4": "voided:r3", "p5": "charged:r3"])
        let section = OrderChecks.doubleSpends(snapshot, attacks: [.doubleSpend(.concurrentCommits): AttackTally(attempts: 3, succeeded: 0, refused: 3)])
        #expect(section.reservationsCommittedTwice == 1)
        #expect(section.reservationsChargedTwice == 1)
        #expect(section.succeeded == 2 && section.attempts == 3)
        #expect(section.chargesWithoutOrder == 2)
    }

    @Test("a charge standing with no commit in the ledger fails 'every charge has its order'; committed, refunded and voided ones pass")
    func chargesWithoutOrder() {
        let settled = Self.snapshot(available: 8, sold: 2, ledger: [Self.commit("r1", order: "o1"), Self.commit("r2", order: "o2")],
                                    payments: ["p1": "charged:r1", "p2": "charged:r2", "p3": "refunded:r3", "p4": "voided:r4", "p5": "declined:r5"])
        let passing = ReportBuilder.chargeInvariant(OrderChecks.doubleSpends(settled, attacks: [:]))
        #expect(passing.passed)
        var orphan = settled
        orphan.payments["p6"] = "charged:r6"
        orphan.settling = PaymentSettling.Outcome(openAtDrain: 2, open: 1, seconds: 30)
        let section = OrderChecks.doubleSpends(orphan, attacks: [:])
        #expect(section.chargesWithoutOrder == 1 && section.paymentsOpenAtDrain == 2 && section.paymentsOpen == 1)
        let failing = ReportBuilder.chargeInvariant(section)
        #expect(!failing.passed)
        #expect(failing.detail.contains("1 charges standing without an order") && failing.detail.contains("1 payment attempts still open"))
    }

    @Test("an acknowledged order missing from the ledger is lost")
    func durability() {
        let snapshot = Self.snapshot(available: 9, sold: 1, ledger: [Self.commit("r1", order: "o1")])
        let acknowledged = ["o1", "o1", "o2"].map { AcknowledgedCommit(orderID: $0, reservationID: "r", userID: "u") }
        let section = OrderChecks.durability(snapshot, acknowledged: acknowledged)
        #expect(section.acknowledgedCommits == 2 && section.missingFromLedger == 1 && section.missing == ["o2"])
    }

    @Test("bots' share of units, refunds deducted")
    func botShare() {
        let ledger = [Self.commit("r1", order: "o1", user: "bot-0-1"), Self.commit("r2", order: "o2"), Self.commit("r3", order: "o3", user: "bot-1-0"),
                      Entry(op: "refund", reservationID: "r3", user: "bot-1-0", sku: "A", qty: 1, order: "o3")]
        let bots = OrderChecks.bots(Self.snapshot(available: 8, sold: 2, ledger: ledger), observations: Observations())
        #expect(bots.unitsBought == 1 && bots.shareOfUnits == 0.5)
    }

    @Test("double-spend verdicts from the attacker's answers", arguments: [
        (DoubleSpendVariant.concurrentCommits, [("commit", 200, "o1"), ("commit", 200, "o1"), ("commit", 409, nil)], false as Bool?),
        (.concurrentCommits, [("commit", 200, "o1"), ("commit", 200, "o2")], true),
        (.concurrentCommits, [("commit", nil, nil), ("commit", 502, nil)], nil),
        (.cancelRacingCommit, [("commit", 200, "o1"), ("cancel", 409, nil)], false),
        (.cancelRacingCommit, [("commit", 200, "o1"), ("cancel", 200, nil)], true),
        (.keyReplayedWithOtherBody, [("commit", 200, "o1"), ("other body", 409, nil), ("commit", 200, "o1")], false),
        (.keyReplayedWithOtherBody, [("commit", 200, "o1"), ("other body", 200, "o1"), ("commit", 200, "o1")], true),
        (.keyReplayedWithOtherBody, [("commit", 402, nil), ("other body", 409, nil), ("commit", 200, "o9")], true),
    ] as [(DoubleSpendVariant, [(String, Int?, String?)], Bool?)])
    func verdicts(variant: DoubleSpendVariant, answers: [(String, Int?, String?)], expected: Bool?) {
        let answers = answers.map { AttackProgress.Answer(label: $0.0, status: $0.1, orderID: $0.2, elapsed: .milliseconds(5)) }
        #expect(Shopper.verdict(variant, answers) == expected)
    }
}
