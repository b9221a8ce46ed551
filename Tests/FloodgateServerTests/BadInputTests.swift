import Crypto
import FloodgateCore
import FloodgateTesting
import Foundation
import Testing

/// Every failure row of DESIGN.md's tables: the documented status, a JSON error, and nothing changed.
@Suite("Bad input gets its 4xx with a JSON error and changes nothing")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let method: String
        let path: String
        let body: String?
        let token: Token
        let status: Int
        let code: String?
        var headers: [String: String] = [:]

        enum Token: Sendable { case none, shopper, forged, altered, foreign, expired, admin, wrongAdmin }
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "register: malformed JSON", method: "POST", path: "/queue/register", body: #"{"sale_id": "#, token: .none, status: 400, code: "bad_request"),
        Case(name: "register: not an object", method: "POST", path: "/queue/register", body: "[1,2]", token: .none, status: 400, code: "bad_request"),
        Case(name: "register: wrong types", method: "POST", path: "/queue/register", body: #"{"sale_id":42,"user_id":true}"#, token: .none, status: 400, code: "bad_request"),
        Case(name: "register: missing user", method: "POST", path: "/queue/register", body: #"{"sale_id":"drop-1"}"#, token: .none, status: 400, code: "bad_request"),
        Case(name: "register: unknown field", method: "POST", path: "/queue/register", body: #"{"sale_id":"drop-1","user_id":"x","vip":true}"#, token: .none, status: 400, code: "bad_request"),
        Case(name: "register: unknown sale", method: "POST", path: "/queue/register", body: #"{"sale_id":"nope","user_id":"x"}"#, token: .none, status: 404, code: "unknown_sale"),
        Case(name: "register: oversized body", method: "POST", path: "/queue/register", body: #"{"sale_id":"drop-1","user_id":""# + String(repeating: "x", count: 17_000) + #""}"#, token: .none, status: 413, code: "payload_too_large"),
        Case(name: "challenge: unknown sale", method: "GET", path: "/queue/challenge?sale_id=nope", body: nil, token: .none, status: 404, code: "unknown_sale"),
        Case(name: "status: no token", method: "GET", path: "/queue/status", body: nil, token: .none, status: 401, code: "unauthorized"),
        Case(name: "status: forged token", method: "GET", path: "/queue/status", body: nil, token: .forged, status: 401, code: nil),
        Case(name: "reserve: no token", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":1}"#, token: .none, status: 401, code: "unauthorized"),
        Case(name: "reserve: altered token", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":1}"#, token: .altered, status: 401, code: nil),
        Case(name: "reserve: token signed by another deployment", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":1}"#, token: .foreign, status: 401, code: nil),
        Case(name: "reserve: expired token", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":1}"#, token: .expired, status: 401, code: nil),
        Case(name: "status: expired token", method: "GET", path: "/queue/status", body: nil, token: .expired, status: 401, code: nil),
        Case(name: "reserve: qty 0", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":0}"#, token: .shopper, status: 400, code: "bad_request"),
        Case(name: "reserve: negative qty", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":-3}"#, token: .shopper, status: 400, code: "bad_request"),
        Case(name: "reserve: huge qty", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":99999999999}"#, token: .shopper, status: 400, code: "bad_request"),
        Case(name: "reserve: qty as text", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":"1"}"#, token: .shopper, status: 400, code: "bad_request"),
        Case(name: "reserve: above the per-user limit", method: "POST", path: "/checkout/reserve", body: #"{"sku":"A","qty":2}"#, token: .shopper, status: 429, code: "limit_reached"),
        Case(name: "reserve: unknown SKU", method: "POST", path: "/checkout/reserve", body: #"{"sku":"ZZZ","qty":1}"#, token: .shopper, status: 404, code: "unknown_sku"),
        Case(name: "commit: no Idempotency-Key", method: "POST", path: "/checkout/commit", body: #"{"reservation_id":"r_1"}"#, token: .shopper, status: 400, code: "idempotency_key_required"),
        Case(name: "commit: unknown reservation", method: "POST", path: "/checkout/commit", body: #"{"reservation_id":"r_1"}"#, token: .shopper, status: 404, code: "not_found", headers: ["Idempotency-Key": "k"]),
        Case(name: "cancel: unknown reservation", method: "POST", path: "/checkout/cancel", body: #"{"reservation_id":"r_1"}"#, token: .shopper, status: 404, code: "not_found"),
        Case(name: "admin: no token", method: "POST", path: "/admin/sales/drop-1/pause", body: nil, token: .none, status: 401, code: "unauthorized"),
        Case(name: "admin: wrong token", method: "POST", path: "/admin/sales/drop-1/pause", body: nil, token: .wrongAdmin, status: 401, code: "unauthorized"),
        Case(name: "admin: unknown sale", method: "POST", path: "/admin/sales/nope/pause", body: nil, token: .admin, status: 404, code: "unknown_sale"),
        Case(name: "admin: negative throttle", method: "POST", path: "/admin/sales/drop-1/throttle", body: #"{"admit_per_second":-5}"#, token: .admin, status: 400, code: "bad_request"),
        Case(name: "admin: throttle as text", method: "POST", path: "/admin/sales/drop-1/throttle", body: #"{"admit_per_second":"fast"}"#, token: .admin, status: 400, code: "bad_request"),
        Case(name: "admin: throttle to 1e-300", method: "POST", path: "/admin/sales/drop-1/throttle", body: #"{"admit_per_second":1e-300}"#, token: .admin, status: 400, code: "bad_request"),
        Case(name: "admin: sale admitting 1e-300 a second", method: "POST", path: "/admin/sales", body: DaemonFixture.saleJSON("tiny", rate: 1e-300), token: .admin, status: 400, code: "bad_request"),
        Case(name: "admin: failure rate above 1", method: "POST", path: "/admin/sales/drop-1/payment", body: #"{"failure_rate":1.5}"#, token: .admin, status: 400, code: "bad_request"),
        Case(name: "admin: rollback scope", method: "POST", path: "/admin/sales/drop-1/rollback", body: #"{"refund":"some"}"#, token: .admin, status: 400, code: "bad_request"),
        Case(name: "admin: duplicate sale", method: "POST", path: "/admin/sales", body: DaemonFixture.saleJSON(), token: .admin, status: 409, code: "sale_exists"),
    ]

    @Test("refused with its status and code, nothing changed", arguments: cases)
    func refused(_ testCase: Case) async throws {
        try await DaemonFixture.with { client, _, _ in
            let shopper = try await client.token(sale: "drop-1", user: "shopper")
            try await client.waitUntilAdmitted(shopper)
            let before = try await DaemonFixture.footprint(client)
            var headers = testCase.headers
            if let token = Self.token(testCase.token, shopper: shopper) { headers["Authorization"] = "Bearer \(token)" }
            headers["Content-Type"] = "application/json"
            let response = try await HTTPProbe.request(testCase.method, client.baseURL + testCase.path,
                                                      body: testCase.body.map { Data($0.utf8) }, headers: headers)
            #expect(response.status == testCase.status, "\(response.text)")
            #expect(response.contentType == "application/json")
            let error = response.json?["error"] as? [String: Any]
            #expect(error?["message"] is String)
            if let code = testCase.code { #expect(error?["code"] as? String == code, "\(response.text)") }
            #expect(try await DaemonFixture.footprint(client) == before)
        }
    }

    @Test("an invalid sale definition lists every problem and creates nothing")
    func invalidDefinition() async throws {
        try await DaemonFixture.with(sale: nil) { client, _, _ in
            let response = try await client.admin("POST", "/admin/sales",
                                                  json: #"{"id":"bad id","skus":[{"sku":"A","stock":-1}],"fairness":"random","admit_per_second":0}"#)
            #expect(response.status == 400)
            let problems = (response.json?["error"] as? [String: Any])?["problems"] as? [[String: String]] ?? []
            #expect(Set(problems.compactMap { $0["field"] }).isSuperset(of: ["id", "skus[0].stock", "fairness", "admit_per_second"]))
            let sales = try await client.admin("GET", "/admin/sales").json?["sales"] as? [Any]
            #expect(sales?.isEmpty == true)
        }
    }

    @Test("proof of work: missing, wrong or reused answers are 403 pow_invalid and register nobody")
    func proofOfWork() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: #","pow_difficulty":8"#)) { client, _, _ in
            func challenge() async throws -> String {
                try #require(try await client.call("GET", "/queue/challenge?sale_id=drop-1").json?["challenge"] as? String)
            }
            func register(_ user: String, pow: String?) async throws -> HTTPProbe.Response {
                let proof = pow.map { #","pow":\#($0)"# } ?? ""
                return try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"\#(user)"\#(proof)}"#)
            }
            #expect(try await register("a", pow: nil).status == 403)
            let c1 = try await challenge()
            #expect(try await register("a", pow: #"{"challenge":"\#(c1)","nonce":"abc"}"#).status == 403)
            let solved = ProofOfWork.solve(challenge: c1, difficulty: 8)
            #expect(try await register("a", pow: #"{"challenge":"\#(c1)","nonce":"\#(solved)"}"#).status == 201)
            let reused = try await register("b", pow: #"{"challenge":"\#(c1)","nonce":"\#(solved)"}"#)
            #expect(reused.status == 403)
            #expect((reused.json?["error"] as? [String: Any])?["code"] as? String == "pow_invalid")
            #expect((try await client.saleStatus("drop-1")["counters"] as? [String: Int])?["registered"] == 1)
        }
    }

    private static func token(_ kind: Case.Token, shopper: String) -> String? {
        switch kind {
        case .none: return nil
        case .shopper: return shopper
        case .admin: return DaemonFixture.adminToken
        case .wrongAdmin: return "not-the-admin-token"
        case .forged: return "v1.AAAA.BBBB"
        case .altered:
            var parts = shopper.split(separator: ".").map(String.init)
            parts[1] = String(parts[1].reversed())
            return parts.joined(separator: ".")
        case .foreign:
            let now = Int64(Date().timeIntervalSince1970)
            let token = QueueToken(userID: "shopper", saleID: "drop-1", ticket: 1, issuedAt: now, expiresAt: now + 600)!
            return TokenSigner(secret: Data(repeating: 7, count: 32)).sign(token)
        case .expired:
            let now = Int64(Date().timeIntervalSince1970)
            let token = QueueToken(userID: "shopper", saleID: "drop-1", ticket: 1, issuedAt: now - 7_200, expiresAt: now - 3_600)!
            return TokenSigner(secret: SymmetricKey(data: SHA256.hash(data: Data(DaemonFixture.secret.utf8)))).sign(token)
        }
    }
}
