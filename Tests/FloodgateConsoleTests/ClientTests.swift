import FloodgateConsole
import FloodgateTesting
import Foundation
import Testing

@Suite("The admin client's parts")
struct ClientTests {
    @Test("SSE: data lines joined, events split on blank lines, CRLF, comments and other fields skipped, chunks split anywhere")
    func sse() {
        let stream = ": hello\r\nevent: snapshot\r\ndata: {\"a\":1}\r\n\r\ndata:two\ndata: lines\n\nid: 3\n\n"
        var whole = SSEParser()
        #expect(whole.feed(Array(stream.utf8)) == [#"{"a":1}"#, "two\nlines"])
        var bytewise = SSEParser()
        var events: [String] = []
        for byte in stream.utf8 { events += bytewise.feed([byte]) }
        #expect(events == [#"{"a":1}"#, "two\nlines"])
    }

    @Test("backoff doubles to its ceiling and starts again after a success")
    func backoff() {
        var backoff = Backoff(initial: 0.5, maximum: 4)
        #expect((0..<6).map { _ in backoff.next() } == [0.5, 1, 2, 4, 4, 4])
        backoff.reset()
        #expect(backoff.next() == 0.5)
    }

    @Test("--connect accepts names, IPv4 and bracketed IPv6", arguments: [
        ("http://127.0.0.1:8080", "127.0.0.1", 8080, "http://127.0.0.1:8080"),
        ("http://[::1]:9000/", "::1", 9000, "http://[::1]:9000"),
        ("http://floodgate.internal", "floodgate.internal", 80, "http://floodgate.internal:80"),
    ])
    func endpoints(url: String, host: String, port: Int, description: String) throws {
        let endpoint = try ConsoleEndpoint(url: url)
        #expect(endpoint.host == host && endpoint.port == port)
        #expect(endpoint.description == description)
    }

    @Test("--connect refuses what it cannot use", arguments: ["https://x:1", "x:1", "http://", "http://x:0", "http://x:http", "http://x:1/admin", "http://[::1"])
    func badEndpoints(url: String) {
        #expect(throws: EndpointError.self) { try ConsoleEndpoint(url: url) }
    }

    @Test("the server's error envelope becomes one line")
    func errorSummary() {
        let envelope = AdminResponse(status: 409, body: Array(#"{"error":{"code":"invalid_state","message":"the sale is closed"}}"#.utf8))
        #expect(envelope.errorSummary == "409 invalid_state: the sale is closed")
        #expect(AdminResponse(status: 502, body: Array("bad gateway\n".utf8)).errorSummary == "HTTP 502: bad gateway")
        #expect(AdminResponse(status: 500, body: []).errorSummary == "HTTP 500")
    }

    @Test("control calls: endpoints and JSON bodies")
    func actions() {
        #expect(ControlAction.throttle(40).endpoint == "throttle")
        #expect(ControlAction.throttle(40).body(saleID: "drop-1") == #"{"admit_per_second":40}"#)
        #expect(ControlAction.haltRegistration.body(saleID: "drop-1") == #"{"open":false}"#)
        #expect(ControlAction.reopenRegistration.body(saleID: "drop-1") == #"{"open":true}"#)
        #expect(ControlAction.rollback.body(saleID: "drop-1") == #"{"refund":"none"}"#)
        #expect(ControlAction.resume(afterGuard: "guard:conservation", reason: "r").body(saleID: "drop-1") == #"{"confirm_sale_id":"drop-1"}"#)
        #expect(ControlAction.pause.needsConfirmation && ControlAction.close.needsConfirmation && ControlAction.haltRegistration.needsConfirmation)
        #expect(!ControlAction.resume.needsConfirmation && !ControlAction.throttle(1).needsConfirmation)
        #expect(ControlAction.rollback.needsTypedSaleID && !ControlAction.pause.needsTypedSaleID)
    }

    @Test("commands parse", arguments: [
        ("throttle 40", ConsoleCommand.throttle(40)), ("pause", .pause), ("resume", .resume), ("rollback", .rollback),
        ("theme high-contrast", .theme("high-contrast")), ("  halt ", .halt), ("q", .quit),
    ])
    func commands(line: String, command: ConsoleCommand) throws {
        #expect(try ConsoleCommand.parse(line).get() == command)
    }

    @Test("a daemon that is not there: a failed call says why, the feed reports the loss and retries")
    func unreachable() async throws {
        let client = AdminClient(endpoint: try ConsoleEndpoint(url: "http://127.0.0.1:\(FreePort.next())"), token: "T")
        guard case .failed(let reason) = await client.perform(.pause, saleID: "drop-1") else {
            Issue.record("a call to nowhere succeeded")
            return
        }
        #expect(reason.hasPrefix("cannot connect"))
        let mailbox = Mailbox()
        let feed = Task { await TelemetryFeed(client: client, saleID: "drop-1", post: mailbox.post).run() }
        try await Task.sleep(for: .milliseconds(1500))
        feed.cancel()
        await feed.value
        let events = mailbox.drain()
        let losses = events.filter { if case .connection(.lost) = $0 { true } else { false } }
        #expect(losses.count >= 2)
        #expect(events.contains { if case .connection(.connecting) = $0 { true } else { false } })
    }
}
