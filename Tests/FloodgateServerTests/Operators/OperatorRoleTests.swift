import Crypto
import FloodgateCore
import FloodgateRedis
import FloodgateSystem
@testable import FloodgateServer
import FloodgateTesting
import Foundation
import Testing

@Suite("Operators: named tokens with roles, enforced by the daemon", .serialized)
struct OperatorRoleTests {
    static let tokens = ["olga": ("observer", "olga-token"), "oscar": ("operator", "oscar-token"), "ada": ("admin", "ada-token")]

    static func line(_ name: String, _ role: String, _ token: String) -> String {
        "\(name) \(role) " + Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    static func tokensFile(_ lines: [String]) throws -> String {
        let path = makeScratchDirectory("operators") + "/admin-tokens"
        try ("# name role sha256\n\n" + lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func defaultFile() throws -> String {
        try tokensFile(tokens.sorted { $0.key < $1.key }.map { line($0.key, $0.value.0, $0.value.1) })
    }

    static func client(_ daemon: FloodgateClient, _ name: String) -> FloodgateClient {
        FloodgateClient(baseURL: daemon.baseURL, adminToken: tokens[name]!.1)
    }

    static func code(_ response: HTTPProbe.Response) -> String? {
        (response.json?["error"] as? [String: Any])?["code"] as? String
    }

    static func auditActions(_ client: FloodgateClient) async throws -> [String] {
        let entries = try await client.admin("GET", "/admin/sales/drop-1/audit").json?["entries"] as? [[String: Any]] ?? []
        return entries.map { "\($0["action"] ?? "")/\($0["actor"] ?? "")/\($0["result"] ?? "")" }
    }

    @Test("a tokens file: comments and blanks skipped; a wrong line is named; the role ladder")
    func parsing() throws {
        let parsed = try OperatorTokens.parse("# x\n\n" + Self.line("a.b-c", "operator", "t") + "  # trailing\n", source: "f")
        #expect(parsed.identity(of: "t") == OperatorIdentity(name: "a.b-c", role: .operator))
        #expect(parsed.identity(of: "u") == nil)
        for bad in ["alice operator", "alice boss " + String(repeating: "a", count: 64), "alice admin 12", "al/ice admin " + String(repeating: "a", count: 64)] {
            #expect(throws: OperatorTokensError.self) { try OperatorTokens.parse(bad, source: "f") }
        }
        #expect(throws: OperatorTokensError.self) { try OperatorTokens.parse(Self.line("a", "admin", "t") + "\n" + Self.line("b", "admin", "t"), source: "f") }
        #expect(OperatorRole.required(method: "GET", path: "/admin/sales/drop-1/audit") == .observer)
        #expect(OperatorRole.required(method: "POST", path: "/admin/sales/drop-1/pause") == .operator)
        #expect(OperatorRole.required(method: "POST", path: "/admin/sales/drop-1/bots/block") == .operator)
        #expect(OperatorRole.required(method: "POST", path: "/admin/sales/drop-1/rollback") == .admin)
        #expect(OperatorRole.required(method: "POST", path: "/admin/sales") == .admin)
    }

    @Test("an observer cannot pause and an operator cannot roll back: 403 forbidden, the sale unchanged; the audit names the operator")
    func roles() async throws {
        try await DaemonFixture.with(arguments: ["--admin-tokens", try Self.defaultFile()]) { admin, _, _ in
            let olga = Self.client(admin, "olga"), oscar = Self.client(admin, "oscar")
            let before = try await DaemonFixture.footprint(admin)
            #expect(try await olga.admin("GET", "/admin/sales/drop-1").status == 200)
            let refused = try await olga.admin("POST", "/admin/sales/drop-1/pause", json: #"{"reason":"look"}"#)
            #expect(refused.status == 403 && Self.code(refused) == "forbidden", "\(refused.text)")
            #expect(try await admin.saleStatus("drop-1")["state"] as? String == "running")
            let paused = try await oscar.admin("POST", "/admin/sales/drop-1/pause", json: #"{"reason":"drill"}"#)
            #expect(paused.status == 200)
            #expect((paused.json?["paused_by"] as? String)?.hasPrefix("oscar@") == true)
            let rollback = try await oscar.admin("POST", "/admin/sales/drop-1/rollback", json: #"{"refund":"none"}"#)
            #expect(rollback.status == 403 && Self.code(rollback) == "forbidden")
            #expect(try await admin.saleStatus("drop-1")["state"] as? String == "paused")
            #expect(try await DaemonFixture.footprint(admin) == before)
            let actions = try await Self.auditActions(admin)
            #expect(actions.first == "pause/oscar@127.0.0.1/ok", "\(actions)")
            #expect(!actions.contains { $0.hasPrefix("rollback") } && actions.filter { $0.hasPrefix("pause") }.count == 1, "\(actions)")
            #expect(try await FloodgateClient(baseURL: admin.baseURL, adminToken: "nobody").admin("GET", "/admin/sales").status == 401)
            #expect(try await Self.client(admin, "ada").admin("POST", "/admin/sales/drop-1/rollback", json: #"{"refund":"none"}"#).status == 200)
        }
    }

    @Test("GET /admin/whoami names the token's holder; the single admin token is admin; SIGHUP reloads the file")
    func whoamiAndReload() async throws {
        let file = try Self.defaultFile()
        try await DaemonFixture.with(arguments: ["--admin-tokens", file]) { admin, daemon, _ in
            let me = try await admin.admin("GET", "/admin/whoami").json
            #expect(me?["name"] as? String == "admin" && me?["role"] as? String == "admin")
            let olga = try await Self.client(admin, "olga").admin("GET", "/admin/whoami").json
            #expect(olga?["name"] as? String == "olga" && olga?["role"] as? String == "observer")
            let nina = FloodgateClient(baseURL: admin.baseURL, adminToken: "nina-token")
            #expect(try await nina.admin("GET", "/admin/whoami").status == 401)
            try ("# now\n" + Self.line("nina", "operator", "nina-token") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            daemon.process.signal(SIGHUP)
            var status = 0
            for _ in 0..<100 where status != 200 {
                try await Task.sleep(for: .milliseconds(100))
                status = try await nina.admin("GET", "/admin/whoami").status
            }
            #expect(status == 200)
            #expect(try await Self.client(admin, "olga").admin("GET", "/admin/whoami").status == 401, "olga left the file")
        }
    }

    @Test("after a guard's pause, resume needs confirm_sale_id naming the sale (409 otherwise, still paused); a pause reason over 200 characters is 400")
    func guardResumeAndReason() async throws {
        try await DaemonFixture.with { client, _, redis in
            let long = try await client.admin("POST", "/admin/sales/drop-1/pause", json: #"{"reason":"\#(String(repeating: "x", count: 201))"}"#)
            #expect(long.status == 400 && Self.code(long) == "bad_request")
            #expect(try await client.saleStatus("drop-1")["state"] as? String == "running")
            let tamper = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await tamper.connect()
            _ = try await tamper.send(["HINCRBY", "fg:{drop-1}:inv", "A|available", "5"])
            var state = ""
            for _ in 0..<50 where state != "paused" {
                try await Task.sleep(for: .milliseconds(100))
                state = try await client.saleStatus("drop-1")["state"] as? String ?? ""
            }
            _ = try await tamper.send(["HINCRBY", "fg:{drop-1}:inv", "A|available", "-5"])
            tamper.shutdown()
            for body in [nil, #"{"confirm_sale_id":"drop-2"}"#] {
                let refused = try await client.admin("POST", "/admin/sales/drop-1/resume", json: body)
                #expect(refused.status == 409 && Self.code(refused) == "confirmation_required", "\(refused.text)")
                #expect(try await client.saleStatus("drop-1")["state"] as? String == "paused")
            }
            let resumed = try await client.admin("POST", "/admin/sales/drop-1/resume", json: #"{"confirm_sale_id":"drop-1"}"#)
            #expect(resumed.status == 200 && resumed.json?["state"] as? String == "running", "\(resumed.text)")
        }
    }
}
