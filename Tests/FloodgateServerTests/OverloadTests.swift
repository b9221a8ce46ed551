import FloodgateTesting
import Foundation
import NIOCore
import NIOPosix
import Testing

@Suite("Overload: the priority gate over real HTTP")
struct OverloadTests {
    /// With `--request-capacity 2`, one registration whose body has not fully arrived holds the
    /// registrations' whole share (half the capacity): more registrations wait (up to 4 x 2), the
    /// next one is shed with 503 `overloaded` and Retry-After and changes nothing (a browser's page
    /// load or registration gets the "high demand" page instead), while a checkout
    /// call still gets in at once; when the slow body arrives, the waiting registrations go through.
    /// Through the router (`--no-fast-path`): it lets a request into the gate when its head
    /// arrives. The fast path waits for the whole body first, so there a slow body holds no slot;
    /// the gate is the same object either way.
    @Test("checkout gets in while registrations wait; past the waiting limit a registration is shed with 503 and Retry-After (a browser gets the high-demand page), changing nothing; polls are stretched")
    func shedsRegistrationsNotCheckout() async throws {
        try await DaemonFixture.with(arguments: ["--request-capacity", "2", "--registrations-per-source", "0", "--no-fast-path"]) { client, daemon, _ in
            let token = try await client.token(sale: "drop-1", user: "buyer")
            try await client.waitUntilAdmitted(token)
            let slow = try await SlowRegistration.start(daemon.baseURL, user: "slow")
            try await Task.sleep(for: .milliseconds(300))  // the slow request is let in and holds its slot
            let reservation = try await client.reserve(token, sku: "A")
            #expect(reservation.hasPrefix("r_"))
            let waiting = (1...8).map { index in
                Task { try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"w\#(index)"}"#) }
            }
            try await waitForMetric(#"floodgate_requests_queued_total{class="register"} 8"#, daemon: daemon)
            let before = try await DaemonFixture.footprint(client)
            let shed = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"shed"}"#)
            #expect(shed.status == 503)
            #expect((shed.json?["error"] as? [String: Any])?["code"] as? String == "overloaded")
            #expect(shed.retryAfter == "1")
            // A browser's page load and join are shed into the "high demand" page, never a bare error.
            let html = ["Accept": "text/html,application/xhtml+xml,*/*;q=0.8"]
            let shedPage = try await client.call("GET", "/wait/drop-1", headers: html)
            let shedJoin = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"shed-html"}"#, headers: html)
            for answer in [shedPage, shedJoin] {
                #expect(answer.status == 503)
                #expect(answer.contentType == "text/html; charset=utf-8")
                #expect(answer.text.contains("High demand"))
                #expect((8...12).contains(Int(answer.retryAfter ?? "") ?? 0))
            }
            #expect(try await DaemonFixture.footprint(client) == before)
            try await slow.finish()
            // Status polls under pressure (requests waited and were shed a moment ago) are asked
            // to come back later: 4 times later, at least 10 s (jittered by 15%).
            let status = try await client.call("GET", "/queue/status", token: token)
            #expect((status.json?["poll_after_ms"] as? Int ?? 0) >= 8_500)
            // Each waiting registration is let in, or shed if the machine was so slow that it
            // waited past PriorityLimits.maxWait (2 s); a shed one registered nothing.
            var registered = 2  // buyer and slow
            for task in waiting {
                let answer = try await task.value
                #expect(answer.status == 201 || (answer.status == 503 && answer.retryAfter == "1"))
                if answer.status == 201 { registered += 1 }
            }
            let counters = try await client.saleStatus("drop-1")["counters"] as? [String: Any]
            #expect(counters?["registered"] as? Int == registered)
        }
    }

    @Test("with checkout waiting for the gate, a status poll is still answered by the fast path from memory (no slot, never shed), its poll stretched")
    func statusPollsTakeNoSlot() async throws {
        let sale = DaemonFixture.saleJSON(extra: #","payment":{"latency_ms":1500}"#)
        // Commits wait for their payment (no 202 after 250 ms), so that they hold their slots.
        let arguments = ["--request-capacity", "2", "--registrations-per-source", "0", "--payment-answer-ms", "5000"]
        try await DaemonFixture.with(sale: sale, arguments: arguments) { client, daemon, _ in
            var tokens: [String] = []
            for user in ["b1", "b2", "b3"] {
                let token = try await client.token(sale: "drop-1", user: user)
                try await client.waitUntilAdmitted(token)
                tokens.append(token)
            }
            var reservations: [String] = []
            for token in tokens { reservations.append(try await client.reserve(token, sku: "A")) }
            // Two commits hold both slots for the payment's 1.5 s; the third waits its turn.
            let commits = zip(tokens, reservations).map { token, reservation in
                Task { try await client.commit(token, reservation: reservation, key: "k-\(reservation)") }
            }
            try await waitForMetric(#"floodgate_requests_queued_total{class="checkout"} 1"#, daemon: daemon)
            let answeredBefore = try await fastPathStatusCount(daemon)
            let status = try await client.call("GET", "/queue/status", token: tokens[0])
            #expect(status.status == 200)
            #expect(try await fastPathStatusCount(daemon) == answeredBefore + 1, "the poll went to the router")
            #expect((status.json?["poll_after_ms"] as? Int ?? 0) >= 8_500, "a poll under pressure is stretched")
            for commit in commits { #expect(try await commit.value.status == 200) }
        }
    }

    private func fastPathStatusCount(_ daemon: TestDaemon) async throws -> Int {
        let metrics = try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text
        let line = metrics.split(separator: "\n").first { $0.hasPrefix(#"floodgate_http_fast_path_total{route="/queue/status"}"#) }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }

    private func waitForMetric(_ line: String, daemon: TestDaemon) async throws {
        for _ in 0..<200 {
            if try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text.contains(line) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no \(line) in /metrics after 10 s")
    }
}

/// A registration sent in two parts: the head and half the body, then the rest on ``finish()``.
struct SlowRegistration {
    let channel: any Channel
    let rest: String

    static func start(_ baseURL: String, user: String) async throws -> SlowRegistration {
        let url = URLComponents(string: baseURL)!
        let body = #"{"sale_id":"drop-1","user_id":"\#(user)"}"#
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: url.host!, port: url.port!).get()
        let head = "POST /queue/register HTTP/1.1\r\nHost: \(url.host!)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        let half = body.utf8.count / 2
        try await channel.writeAndFlush(ByteBuffer(string: head + String(body.prefix(half)))).get()
        return SlowRegistration(channel: channel, rest: String(body.dropFirst(half)))
    }

    func finish() async throws {
        try await channel.writeAndFlush(ByteBuffer(string: rest)).get()
        try await Task.sleep(for: .milliseconds(200))
        try await channel.close()
    }
}
