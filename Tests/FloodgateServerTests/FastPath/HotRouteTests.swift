import FloodgateTesting
import Foundation
import Testing

/// The pipeline's fast path (`HotRouteHandler`) against the router, over real HTTP: the same
/// answers, in order on a kept-alive or pipelined connection, and counted.
@Suite("Fast path: health and status answered in the pipeline, as the router would")
struct HotRouteTests {
    /// What a shopper's client can see of an answer: status, headers that matter, and the body
    /// with `poll_after_ms` (jittered) and `admitted_through` (the ticker's progress) left out.
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
        ]
        var lines: [String] = []
        for (path, headers) in calls {
            let answer = try await client.call("GET", path, headers: headers)
            var body = answer.json ?? [:]
            body["poll_after_ms"] = body["poll_after_ms"].map { _ in "jittered" }
            body["admitted_through"] = body["admitted_through"].map { _ in "ticking" }
            let fields = String(decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), as: UTF8.self)
            lines.append("\(path) \(answer.status) \(answer.contentType ?? "-") server=\(answer.headers["server"] ?? "-") "
                + "date=\(answer.headers["date"].map { $0.hasSuffix(" GMT") && $0.count == 29 } ?? false) \(fields)")
        }
        return lines
    }

    private static func answers(arguments: [String]) async throws -> (transcript: [String], fastPathCount: Int) {
        try await DaemonFixture.with(arguments: arguments) { client, daemon, _ in
            let token = try await client.token(sale: "drop-1", user: "shopper")
            try await client.waitUntilAdmitted(token)
            let transcript = try await transcript(client, token: token)
            let metrics = try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text
            let counted = metrics.split(separator: "\n").filter { $0.hasPrefix("floodgate_http_fast_path_total{") }
                .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
            return (transcript, counted)
        }
    }

    @Test("health and status answer the same, byte for byte but the jitter, with the fast path as through the router")
    func sameAnswersBothWays() async throws {
        let fast = try await Self.answers(arguments: [])
        let routed = try await Self.answers(arguments: ["--no-fast-path"])
        #expect(fast.transcript == routed.transcript)
        #expect(fast.transcript.allSatisfy { $0.contains("server=floodgate date=true") })
        #expect(fast.transcript[2].contains(#""state":"admitted""#))
        #expect(fast.transcript[4].contains("401"))
        // waitUntilAdmitted's polls and the transcript's eight calls went through the fast path.
        #expect(fast.fastPathCount >= 8)
        #expect(routed.fastPathCount == 0)
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
