import Foundation
import Testing

@testable import FloodgateCore

/// 2026-12-01T17:00:00Z plus a fraction, to show that defaults are truncated to whole seconds.
let saleNow = Date(timeIntervalSince1970: 1_796_144_400.75)

func parseSale(_ json: String) throws(SaleDefinitionError) -> SaleDefinition {
    try SaleDefinition.parse(json: Data(json.utf8), now: saleNow)
}

@Suite("Sale definition: parsing")
struct SaleDefinitionTests {
    static let designExample = """
        {
          "id": "drop-42",
          "name": "Sneaker drop",
          "skus": [{"sku": "AJ1-RED-42", "stock": 500}, {"sku": "AJ1-RED-43", "stock": 300}],
          "starts_at": "2026-12-01T18:00:00Z",
          "prequeue_opens_at": "2026-12-01T17:30:00Z",
          "ends_at": "2026-12-01T20:00:00Z",
          "fairness": "fifo",
          "admit_per_second": 50,
          "per_user_limit": 1,
          "reservation_ttl_seconds": 120,
          "admission_window_seconds": 300,
          "pow_difficulty": 0,
          "payment": {"gateway": "simulated", "failure_rate": 0.0, "latency_ms": 50}
        }
        """

    @Test("parses the example of DESIGN.md")
    func parsesDesignExample() throws {
        let sale = try parseSale(Self.designExample)
        #expect(sale.id == "drop-42")
        #expect(sale.name == "Sneaker drop")
        #expect(sale.skus == [.init(sku: "AJ1-RED-42", stock: 500), .init(sku: "AJ1-RED-43", stock: 300)])
        #expect(sale.startsAt == RFC3339.parse("2026-12-01T18:00:00Z"))
        #expect(sale.prequeueOpensAt == RFC3339.parse("2026-12-01T17:30:00Z"))
        #expect(sale.endsAt == RFC3339.parse("2026-12-01T20:00:00Z"))
        #expect(sale.payment == .init(gateway: .simulated, failureRate: 0, latencyMs: 50))
    }

    @Test("fills every default when only id and skus are given")
    func defaults() throws {
        let sale = try parseSale(#"{"id": "d1", "skus": [{"sku": "A", "stock": 0}]}"#)
        #expect(sale.name == "d1")
        #expect(sale.startsAt == Date(timeIntervalSince1970: 1_796_144_400))
        #expect(sale.prequeueOpensAt == nil && sale.endsAt == nil)
        #expect(sale.fairness == .fifo)
        #expect(sale.admitPerSecond == 50)
        #expect(sale.perUserLimit == 1)
        #expect(sale.reservationTTLSeconds == 120)
        #expect(sale.admissionWindowSeconds == 300)
        #expect(sale.powDifficulty == 0)
        #expect(sale.admissionFactor == 2)
        #expect(sale.payment == .init(gateway: .simulated, failureRate: 0, latencyMs: 50))
    }

    @Test("treats null optional fields as absent")
    func nullMeansDefault() throws {
        let sale = try parseSale(#"{"id": "d1", "skus": [{"sku": "A", "stock": 1}], "ends_at": null, "fairness": null, "payment": null}"#)
        #expect(sale.endsAt == nil)
        #expect(sale.fairness == .fifo)
    }

    @Test("round-trips through its JSON encoding", arguments: [
        designExample,
        #"{"id": "d.1", "skus": [{"sku": "A", "stock": 7}], "fairness": "lottery", "admit_per_second": 0.5, "admission_factor": 1.5}"#,
    ])
    func roundTrips(json: String) throws {
        let sale = try parseSale(json)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = try encoder.encode(sale)
        #expect(try SaleDefinition.parse(json: encoded, now: .distantPast) == sale)
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains(#""starts_at":"2026-12-01T"#))
        #expect(text.contains(#""reservation_ttl_seconds":120"#))
    }

    @Test("decodes through Decodable with `now` from userInfo")
    func decodable() throws {
        let decoder = JSONDecoder()
        decoder.userInfo[SaleDefinition.nowUserInfoKey] = saleNow
        let sale = try decoder.decode(SaleDefinition.self, from: Data(#"{"id": "x", "skus": [{"sku": "A", "stock": 1}]}"#.utf8))
        #expect(sale.startsAt == Date(timeIntervalSince1970: 1_796_144_400))
        #expect(throws: SaleDefinitionError.self) {
            try decoder.decode(SaleDefinition.self, from: Data(#"{"id": "x"}"#.utf8))
        }
    }

    @Test("validates a definition built in code")
    func validatesBuiltDefinition() {
        var sale = SaleDefinition(id: "x", skus: [.init(sku: "A", stock: 1)], startsAt: saleNow)
        #expect(sale.validationProblems().isEmpty)
        sale.admitPerSecond = 0
        #expect(throws: SaleDefinitionError(problems: [
            FieldProblem(field: "admit_per_second", message: "must be from 0.01 to 100000, got 0"),
        ])) { try sale.validate() }
    }

    @Test("accepts ids of the documented pattern", arguments: [
        ("a", true), ("drop-42", true), ("A.b_c-9", true), (String(repeating: "x", count: 64), true),
        ("", false), ("-x", false), ("_x", false), (".x", false), ("a b", false), ("a:b", false), ("{a}", false),
        ("é", false), (String(repeating: "x", count: 65), false),
    ])
    func idPattern(id: String, isValid: Bool) {
        #expect(SaleDefinition.isValidID(id) == isValid)
    }
}
