import FloodgateHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Testing

@Suite("The one HTTP client against a scripted server")
struct HTTPClientTests {
    @Test("a one-shot call sends Host, Content-Length, Content-Type and Connection: close, and returns the whole answer")
    func oneShot() async throws {
        let server = try await ScriptedServer.answering("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-Tag: a\r\nConnection: close\r\n\r\nhello")
        let reply = try await HTTPClient.request(host: "127.0.0.1", port: server.port, HTTPCall(.POST, "/things?x=1", json: #"{"a":1}"#))
        #expect(reply.status == 201)
        #expect(reply.text == "hello")
        #expect(reply.headers.first(name: "X-Tag") == "a")
        let request = try #require(server.requests.withLockedValue { $0 }.first)
        #expect(request.hasPrefix("POST /things?x=1 HTTP/1.1\r\n"))
        for header in ["host: 127.0.0.1:\(server.port)\r\n", "content-length: 7\r\n", "connection: close\r\n", "content-type: application/json\r\n"] {
            #expect(request.lowercased().contains(header), "\(header) in \(request)")
        }
        #expect(request.hasSuffix("\r\n\r\n" + #"{"a":1}"#))
        await server.stop()
    }

    @Test("a keep-alive connection carries one call after another on one socket")
    func keepAlive() async throws {
        let server = try await ScriptedServer.start { request, connection in
            let path = request.split(separator: " ")[1]
            connection.writeAndFlush(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: \(path.utf8.count)\r\n\r\n\(path)"), promise: nil)
        }
        let connection = try await server.connect()
        for path in ["/a", "/bb", "/ccc"] {
            #expect(try await connection.send(HTTPCall(.GET, path)).text == path)
        }
        #expect(connection.isOpen)
        #expect(server.connections.withLockedValue { $0 } == 1)
        #expect(server.requests.withLockedValue { $0 }.count == 3)
        connection.close()
        await server.stop()
    }

    @Test("a server that never answers: the call times out and the connection is closed")
    func timeout() async throws {
        let server = try await ScriptedServer.start { _, _ in }
        let connection = try await server.connect()
        await #expect(throws: HTTPClientError.timedOut) {
            try await connection.send(HTTPCall(.GET, "/never"), timeout: .milliseconds(200))
        }
        #expect(!connection.isOpen)
        await server.stop()
    }

    @Test("a cancelled call closes its connection and throws CancellationError")
    func cancelled() async throws {
        let server = try await ScriptedServer.start { _, _ in }
        let connection = try await server.connect()
        let call = Task { try await connection.send(HTTPCall(.GET, "/never"), timeout: .seconds(60)) }
        while server.requests.withLockedValue({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(!connection.isOpen)
        await server.stop()
    }

    @Test("an answer without keep-alive is delivered, then the connection is closed: the next call is lost")
    func notKeepAlive() async throws {
        let server = try await ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        let connection = try await server.connect()
        #expect(try await connection.send(HTTPCall(.GET, "/first")).text == "ok")
        await #expect(throws: HTTPClientError.connectionLost) { try await connection.send(HTTPCall(.GET, "/second")) }
        #expect(server.requests.withLockedValue { $0 }.count == 1)
        await server.stop()
    }

    @Test("a stream hands over each part as it comes, and finishes with the answer")
    func stream() async throws {
        let held = NIOLockedValueBox<(any Channel)?>(nil)
        let server = try await ScriptedServer.start { _, connection in
            held.withLockedValue { $0 = connection }
            connection.writeAndFlush(ByteBuffer(string: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n"), promise: nil)
        }
        let connection = try await server.connect()
        var parts = connection.stream(HTTPCall(.GET, "/events"), idleTimeout: .seconds(10)).makeAsyncIterator()
        guard case .head(let head)? = try await parts.next() else {
            Issue.record("no head first")
            return
        }
        #expect(head.status.code == 200)
        guard case .body(let first)? = try await parts.next() else {
            Issue.record("no first part")
            return
        }
        #expect(String(buffer: first) == "first")
        // The second part is only sent once the first has arrived.
        held.withLockedValue { $0 }?.writeAndFlush(ByteBuffer(string: "6\r\nsecond\r\n0\r\n\r\n"), promise: nil)
        guard case .body(let second)? = try await parts.next() else {
            Issue.record("no second part")
            return
        }
        #expect(String(buffer: second) == "second")
        #expect(try await parts.next() == nil)
        connection.close()
        await server.stop()
    }

    @Test("a stream that falls silent times out")
    func silentStream() async throws {
        let server = try await ScriptedServer.answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        let connection = try await server.connect()
        var parts = connection.stream(HTTPCall(.GET, "/events"), idleTimeout: .milliseconds(200)).makeAsyncIterator()
        guard case .head? = try await parts.next() else {
            Issue.record("no head first")
            return
        }
        await #expect(throws: HTTPClientError.timedOut) { _ = try await parts.next() }
        await server.stop()
    }

    @Test("the peer closes the connection halfway through the answer: connection lost")
    func closedByPeer() async throws {
        let server = try await ScriptedServer.start { _, connection in
            connection.writeAndFlush(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")).whenComplete { _ in
                connection.close(promise: nil)
            }
        }
        await #expect(throws: HTTPClientError.connectionLost) {
            try await HTTPClient.request(host: "127.0.0.1", port: server.port, HTTPCall(.GET, "/half"))
        }
        await server.stop()
    }

    @Test("nothing listening: unreachable, with the system's reason")
    func unreachable() async throws {
        let server = try await ScriptedServer.start { _, _ in }
        let port = server.port
        await server.stop()
        do {
            _ = try await HTTPClient.request(host: "127.0.0.1", port: port, HTTPCall(.GET, "/"))
            Issue.record("a call to a closed port succeeded")
        } catch HTTPClientError.unreachable(let reason) {
            #expect(!reason.isEmpty)
        }
    }

    @Test("the Host header brackets an IPv6 address")
    func hostHeader() {
        #expect(HTTPCall.hostHeader(host: "::1", port: 8080) == "[::1]:8080")
        #expect(HTTPCall.hostHeader(host: "127.0.0.1", port: 80) == "127.0.0.1:80")
    }
}
