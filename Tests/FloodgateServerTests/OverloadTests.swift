import FloodgateTesting
import Foundation
import NIOCore
import NIOPosix
import Testing

@Suite("Overload: the priority gate over real HTTP")
struct OverloadTests {
    /// With `--request-capacity 2`, one registration whose body has not fully arrived holds the
    /// registrations' whole share (half the capacity): more registrations wait (up to 4 x 2), the
    /// next one is shed with 503 `overloaded` and Retry-After and changes nothing, while a checkout
    /// call still gets in at once; when the slow body arrives, the waiting registrations go through.
    @Test("checkout gets in while registrations wait; past the waiting limit a registration is shed with 503 and Retry-After, changing nothing")
    func shedsRegistrationsNotCheckout() async throws {
        try await DaemonFixture.with(arguments: ["--request-capacity", "2", "--registrations-per-source", "0"]) { client, daemon, _ in
            let token = try await client.token(sale: "drop-1", user: "buyer")
            try await client.waitUntilAdmitted(token)
            let slow = try await SlowRegistration.start(daemon.baseURL, user: "slow")
            try await Task.sleep(for: .milliseconds(300))  // the slow request is let in and holds its slot
            let reservation = try await client.reserve(token, sku: "A")
            #expect(reservation.hasPrefix("r_"))
            let waiting = (1...8).map { index in
                Task { try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"w\#(index)"}"#) }
            }
            try await Task.sleep(for: .milliseconds(500))
            let before = try await DaemonFixture.footprint(client)
            let shed = try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"shed"}"#)
            #expect(shed.status == 503)
            #expect((shed.json?["error"] as? [String: Any])?["code"] as? String == "overloaded")
            #expect(shed.retryAfter == "1")
            #expect(try await DaemonFixture.footprint(client) == before)
            try await slow.finish()
            for task in waiting { #expect(try await task.value.status == 201) }
            let metrics = try await HTTPProbe.request("GET", daemon.baseURL + "/metrics").text
            #expect(metrics.contains(#"floodgate_requests_shed_total{class="register"} 1"#))
        }
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
