import Foundation
import Testing

@testable import FloodgateCore

@Suite("Sale definition: problems")
struct SaleDefinitionProblemsTests {
    func problems(_ json: String) -> [FieldProblem] {
        do {
            _ = try parseSale(json)
            return []
        } catch {
            return error.problems
        }
    }

    @Test("lists every problem of a definition at once")
    func listsEveryProblem() {
        let found = problems("""
            {"id": "bad id!", "colour": "red", "extra": 1,
             "skus": [{"sku": "A", "stock": -1}, {"sku": "A", "stock": 5}, {"sku": "a:b", "stock": 1.5}, 7,
                      {"sku": "B", "stock": 10000001, "price": 3}],
             "starts_at": "2026-12-01T18:00:00Z", "ends_at": "2026-12-01T17:00:00Z",
             "prequeue_opens_at": "2026-12-01T19:00:00Z",
             "fairness": "random", "admit_per_second": 0, "per_user_limit": "1",
             "reservation_ttl_seconds": 2, "admission_window_seconds": 5, "pow_difficulty": 33,
             "admission_factor": -1, "name": "",
             "payment": {"gateway": "stripe", "failure_rate": 1.5, "latency_ms": -1, "currency": "EUR"}}
            """)
        #expect(found.map(\.field).sorted() == [
            "admission_factor", "admission_window_seconds", "admit_per_second", "colour", "ends_at", "extra",
            "fairness", "id", "name", "payment.currency", "payment.failure_rate", "payment.gateway",
            "payment.latency_ms", "per_user_limit", "pow_difficulty", "prequeue_opens_at", "reservation_ttl_seconds",
            "skus[0].stock", "skus[1].sku", "skus[2].sku", "skus[2].stock", "skus[3]", "skus[4].price", "skus[4].stock",
        ])
        #expect(found.contains(FieldProblem(field: "per_user_limit", message: "expected integer, got string")))
        #expect(found.contains(FieldProblem(field: "skus[2].stock", message: "expected integer, got number")))
        #expect(found.contains(FieldProblem(field: "skus[3]", message: "expected object, got integer")))
        #expect(found.contains(FieldProblem(field: "colour", message: "unknown field")))
        #expect(found.contains(FieldProblem(field: "skus[1].sku", message: #"duplicate sku "A", also skus[0]"#)))
        #expect(found.contains(FieldProblem(field: "fairness", message: #"expected one of fifo, lottery, got "random""#)))
        #expect(found.contains(FieldProblem(field: "payment.gateway", message: #"expected one of simulated, got "stripe""#)))
        #expect(found.contains(FieldProblem(field: "skus[0].stock", message: "must be between 0 and 10000000, got -1")))
    }

    @Test("reports one problem for each bad field", arguments: [
        (#""id": "", "skus": [{"sku": "A", "stock": 1}]"#, "id", "must match"),
        (#""id": "a{b}", "skus": [{"sku": "A", "stock": 1}]"#, "id", "must match"),
        (#""id": 42, "skus": [{"sku": "A", "stock": 1}]"#, "id", "expected string, got integer"),
        (#""id": "x", "skus": []"#, "skus", "must list 1 to 1000 skus, got 0"),
        (#""id": "x", "skus": {"sku": "A"}"#, "skus", "expected array, got object"),
        (#""id": "x", "skus": [{"stock": 1}]"#, "skus[0].sku", "is required"),
        (#""id": "x", "skus": [{"sku": "A"}]"#, "skus[0].stock", "is required"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "starts_at": "tomorrow""#, "starts_at", "RFC 3339"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "starts_at": 1796148000"#, "starts_at", "expected string, got integer"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "ends_at": "2026-12-01T16:00:00Z""#, "ends_at", "must be after starts_at"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "admit_per_second": 100001"#, "admit_per_second", "from 0.01 to 100000"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "admit_per_second": 1e-300"#, "admit_per_second", "from 0.01 to 100000"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "admit_per_second": true"#, "admit_per_second", "expected number, got boolean"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "per_user_limit": 0"#, "per_user_limit", "between 1 and 1000"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "per_user_limit": 1001"#, "per_user_limit", "between 1 and 1000"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "reservation_ttl_seconds": 3601"#, "reservation_ttl_seconds", "between 5 and 3600"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "admission_window_seconds": 86401"#, "admission_window_seconds", "between 10 and 86400"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "pow_difficulty": -1"#, "pow_difficulty", "between 0 and 32"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "admission_factor": 101"#, "admission_factor", "at most 100"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "payment": {"latency_ms": 60001}"#, "payment.latency_ms", "between 0 and 60000"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "payment": "simulated""#, "payment", "expected object, got string"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 1}], "name": ["n"]"#, "name", "expected string, got array"),
        (#""id": "x", "skus": [{"sku": "A", "stock": 99999999999999999999}]"#, "skus[0].stock", "expected integer, got number"),
    ])
    func oneProblem(members: String, field: String, fragment: String) throws {
        let found = problems("{\(members)}")
        try #require(found.count == 1, "\(found)")
        #expect(found[0].field == field)
        #expect(found[0].message.contains(fragment), "\(found[0].message)")
    }

    @Test("says that id and skus are required, once each")
    func requiredFields() {
        #expect(problems("{}") == [
            FieldProblem(field: "id", message: "is required"),
            FieldProblem(field: "skus", message: "is required"),
        ])
        #expect(problems(#"{"id": null, "skus": null}"#).map(\.field) == ["id", "skus"])
    }

    @Test("refuses documents that are not JSON objects", arguments: [
        ("[1, 2]", "expected object, got array"), ("\"sale\"", "expected object, got string"),
        ("42", "expected object, got integer"), ("null", "expected object, got null"),
        ("{", "not valid JSON: expected a string key at byte 1"), ("", "not valid JSON: unexpected end of input at byte 0"),
        ("{\"id\" \"x\"}", "not valid JSON: expected ':' at byte 6"), ("{'id': 1}", "not valid JSON: expected a string key at byte 1"),
    ])
    func nonObject(json: String, message: String) {
        #expect(problems(json) == [FieldProblem(field: "$", message: message)])
    }

    @Test("does not check the order of times when starts_at is bad")
    func badStartHidesOrder() {
        let found = problems(#"{"id": "x", "skus": [{"sku": "A", "stock": 1}], "starts_at": "soon", "ends_at": "2000-01-01T00:00:00Z"}"#)
        #expect(found.map(\.field) == ["starts_at"])
    }

    @Test("describes all problems on one line, escaping what the client sent")
    func description() {
        do {
            _ = try parseSale(#"{"id": "a\nb", "skus": []}"#)
            Issue.record("expected a failure")
        } catch {
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("invalid sale definition (2 problems): id: must match"))
            #expect(error.description.contains(#"got "a\nb""#))
        }
    }
}
