import FloodgateRedis
import FloodgateTesting
import Foundation
import Testing

/// The pipeline's fast path (`HotRouteHandler`) against the router, over real HTTP: the same
/// answers, in order on a kept-alive or pipelined connection, and counted.
@Suite("Fast path: health, status and challenge answered in the pipeline, registration and checkout on a task each, as the router would")
struct HotRouteTests {
    /// What a shopper's client can see of an answer: status, headers that matter, and the body
    /// with what differs from call to call left out: `poll_after_ms` (jittered), `admitted_through`
    /// (the ticker's progress), a challenge and its expiry.
    private static func transcript(_ client: FloodgateClient, token: String) async throws -> [String] {
        let calls: [(String, [String: String])] = [
            ("/health", [:]),
            ("/health?probe=1", [:]),
            ("/queue/status", ["Authorization": "Bearer \(token)"]),
            ("/queue/status?sale_id=ignored", ["Authorization": "Bearer \(token)"]),
            ("/queue/status", [:]),
            ("/queue/status", ["Authorization": "Bearer not.a.token"]),
            ("/queue/status", ["Authorization": "Basic dXNlcjpwYXNz"]),
            ("/queue/status", ["Authorization": "Bearer " + String(token.dropLast(2)) + "xx"]),
            ("/queue/challenge?sale_id=drop-1", [:]),
            ("/queue/challenge", [:]),
            ("/queue/challenge?sale_id=", [:]),
            ("/queue/challenge?sale_id=no-such-sale", [:]),
            ("/queue/challenge?sale_id=drop-1&fingerprint=" + String(repeating: "f", count: 257), [:]),
        ]
        var lines: [String] = []
        for (path, headers) in calls {
            let answer = try await client.call("GET", path, headers: headers)
            var body = answer.json ?? [:]
            body["poll_after_ms"] = body["poll_after_ms"].map { _ in "jittered" }
            body["admitted_through"] = body["admitted_through"].map { _ in "ticking" }
            body["challenge"] = body["challenge"].map { _ in "fresh" }
            body["expires_at"] = body["expires_at"].map { _ in "later" }
            let fields = String(decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), as: UTF8.self)
            lines.append("\(path) \(answer.status) \(answer.contentType ?? "-") server=\(answer.headers["server"] ?? "-") "
                + "date=\(answer.headers["date"].map { $0.hasSuffix(" GMT") && $0.count == 29 } ?? false) \(fields)")
        }
        return lines
    }

    /// The transcript, and how many requests the fast path answered by route.
    private static func answers(arguments: [String]) async throws -> (transcript: [String], fastPath: [String: Int]) {
        try await DaemonFixture.with(arguments: arguments) { client, daemon, _ in
            let token = try await client.token(sale: "drop-1", user: "shopper")
            try await client.waitUntilAdmitted(token)
            let transcript = try await transcript(client, token: token)
            let metrics = try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text
            var counted: [String: Int] = [:]
            for line in metrics.split(separator: "\n") where line.hasPrefix(#"floodgate_http_fast_path_total{route=""#) {
                let route = line.split(separator: "\"")[1]
                counted[String(route)] = line.split(separator: " ").last.flatMap { Int($0) }
            }
            return (transcript, counted)
        }
    }

    @Test("health, status and challenge answer the same (but what changes every call) with the fast path as through the router")
    func sameAnswersBothWays() async throws {
        let fast = try await Self.answers(arguments: [])
        let routed = try await Self.answers(arguments: ["--no-fast-path"])
        #expect(fast.transcript == routed.transcript)
        #expect(fast.transcript.allSatisfy { $0.contains("server=floodgate date=true") })
        #expect(fast.transcript[2].contains(#""state":"admitted""#))
        #expect(fast.transcript[4].contains("401"))
        #expect(fast.transcript[8].contains(#""difficulty":0"#))
        #expect(fast.transcript[9].contains("400") && fast.transcript[11].contains("404") && fast.transcript[12].contains("400"))
        // The transcript's calls (and waitUntilAdmitted's polls) but the unknown sale's
        // challenge were answered by the fast path.
        #expect(fast.fastPath["/health"] == 2)
        #expect((fast.fastPath["/queue/status"] ?? 0) >= 6)
        #expect(fast.fastPath["/queue/challenge"] == 4)
        #expect(routed.fastPath.values.reduce(0, +) == 0)
    }

    /// A shopper's registration and checkout, good calls and bad, as a client sees them (ids,
    /// tokens and times left out).
    private static func checkoutTranscript(_ client: FloodgateClient) async throws -> [String] {
        var lines: [String] = []
        func record(_ label: String, _ answer: HTTPProbe.Response) throws {
            var body = answer.json ?? [:]
            for key in ["token", "reservation_id", "order_id", "expires_at", "issued_at"] where body[key] != nil { body[key] = "-" }
            let fields = String(decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), as: UTF8.self)
            lines.append("\(label) \(answer.status) \(answer.contentType ?? "-") retry=\(answer.retryAfter ?? "-") \(fields)")
        }
        let register = #"{"sale_id":"drop-1","user_id":"carol"}"#
        try record("register", try await client.call("POST", "/queue/register", json: register))
        try record("register again", try await client.call("POST", "/queue/register", json: register))
        try record("register bad json", try await client.call("POST", "/queue/register", json: "{"))
        try record("register too large", try await client.call("POST", "/queue/register", json: #"{"sale_id":"\#(String(repeating: "x", count: 20_000))"}"#))
        try record("register unknown sale", try await client.call("POST", "/queue/register", json: #"{"sale_id":"nope","user_id":"carol"}"#))
        let token = try await client.token(sale: "drop-1", user: "carol")
        try await client.waitUntilAdmitted(token)
        try record("reserve no token", try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#))
        try record("reserve unknown sku", try await client.call("POST", "/checkout/reserve", json: #"{"sku":"Z","qty":1}"#, token: token))
        let reserved = try await client.call("POST", "/checkout/reserve", json: #"{"sku":"A","qty":1}"#, token: token)
        try record("reserve", reserved)
        let reservation = try #require(reserved.json?["reservation_id"] as? String)
        let commit = #"{"reservation_id":"\#(reservation)"}"#
        try record("commit no key", try await client.call("POST", "/checkout/commit", json: commit, token: token))
        try record("commit", try await client.call("POST", "/checkout/commit", json: commit, token: token, headers: ["Idempotency-Key": "k-1"]))
        try record("commit replayed", try await client.call("POST", "/checkout/commit", json: commit, token: token, headers: ["Idempotency-Key": "k-1"]))
        try record("cancel committed", try await client.call("POST", "/checkout/cancel", json: commit, token: token))
        return lines
    }

    @Test("registration and checkout answer the same, good calls and bad, with the fast path's tasks as through the router")
    func checkoutSameBothWays() async throws {
        let run = { (arguments: [String]) in
            try await DaemonFixture.with(arguments: arguments) { client, daemon, _ in
                let transcript = try await Self.checkoutTranscript(client)
                let metrics = try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text
                let tasks = metrics.split(separator: "\n").filter {
                    $0.hasPrefix(#"floodgate_http_fast_path_total{route="/checkout/"#) || $0.hasPrefix(#"floodgate_http_fast_path_total{route="/queue/register"#)
                }.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
                return (transcript, tasks)
            }
        }
        let fast = try await run([])
        let routed = try await run(["--no-fast-path"])
        #expect(fast.0 == routed.0)
        #expect(fast.0.count == 12 && fast.0[0].contains("register 201") && fast.0[9].contains("commit 200"))
        #expect(fast.1 >= 12)
        #expect(routed.1 == 0)
    }

    @Test("a commit in flight when the daemon is told to stop (SIGTERM) still gets its answer, with the fast path as through the router", arguments: [[], ["--no-fast-path"]])
    func gracefulStopAnswersInFlight(arguments: [String]) async throws {
        let sale = DaemonFixture.saleJSON(extra: #","payment":{"latency_ms":1500}"#)
        try await DaemonFixture.with(sale: sale, arguments: arguments + ["--payment-answer-ms", "5000"]) { client, daemon, _ in
            let token = try await client.token(sale: "drop-1", user: "late")
            try await client.waitUntilAdmitted(token)
            let reservation = try await client.reserve(token, sku: "A")
            let commit = Task { try await client.commit(token, reservation: reservation, key: "drain-1") }
            try await Task.sleep(for: .milliseconds(500))  // the payment takes 1.5 s
            let exit = Task { await daemon.stop() }
            let answer = try await commit.value
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.json?["status"] as? String == "committed")
            _ = await exit.value
        }
    }

    @Test("a payment answered payment_pending and still running when the daemon is told to stop settles before it exits: the order stands, no reconciliation needed")
    func gracefulStopSettlesBackgroundPayments() async throws {
        let sale = DaemonFixture.saleJSON(extra: #","payment":{"latency_ms":1500}"#)
        try await DaemonFixture.with(sale: sale) { client, daemon, server in
            let token = try await client.token(sale: "drop-1", user: "pending")
            try await client.waitUntilAdmitted(token)
            let reservation = try await client.reserve(token, sku: "A")
            let answer = try await client.commit(token, reservation: reservation, key: "bg-1")
            #expect(answer.status == 202 && answer.json?["status"] as? String == "payment_pending", "\(answer.text)")
            await daemon.stop()
            let redis = RedisClient(configuration: RedisClientConfiguration(endpoint: server.endpoint))
            try await redis.connect()
            defer { redis.shutdown() }
            let status = try await redis.send(["HGET", "fg:{drop-1}:res:\(reservation)", "status"])
            #expect(status.string == "committed")
        }
    }

    @Test("on one connection, a pipelined health check waits for the registration ahead of it; kept-alive requests all get answers")
    func answersKeepRequestOrder() async throws {
        try await DaemonFixture.with { _, daemon, _ in
            let port = Int(daemon.baseURL.split(separator: ":").last!)!
            let body = #"{"sale_id":"drop-1","user_id":"pipelined"}"#
            let pipelined = "POST /queue/register HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                + "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
            let answers = try await RawHTTPExchange.send(pipelined, port: port)
            #expect(Self.statusLines(answers) == ["201 Created", "200 OK", "200 OK"])

            let keptAlive = String(repeating: "GET /health HTTP/1.1\r\nHost: t\r\n\r\n", count: 5)
                + "GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
            let many = try await RawHTTPExchange.send(keptAlive, port: port)
            #expect(Self.statusLines(many) == Array(repeating: "200 OK", count: 6))
        }
    }

    /// The status lines of answers that follow one another on a connection (a body runs
    /// straight into the next status line).
    private static func statusLines(_ answers: String) -> [String] {
        answers.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.components(separatedBy: "\r\n")[0] }
    }
}
