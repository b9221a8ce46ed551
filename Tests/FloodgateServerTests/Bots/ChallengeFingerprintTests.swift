import FloodgateCore
import FloodgateRedis
import FloodgateTesting
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import FloodgateServer

/// Proof-of-work bits raised on a client's fingerprint are asked at its challenge and checked at
/// its registration: both must see the same fingerprint, or a flagged human is refused forever.
@Suite("Bot defense: a client's challenge and registration share its fingerprint")
struct ChallengeFingerprintTests {
    private static let browser: HTTPFields = [
        .userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120", .accept: "*/*",
        .acceptLanguage: "de-CH,de;q=0.9", .acceptEncoding: "gzip, deflate, br",
    ]

    private static func request(_ method: HTTPRequest.Method, _ path: String, extra: HTTPFields = [:], agent: String? = nil) -> Request {
        var fields = browser
        fields.append(contentsOf: extra)
        if let agent { fields[.userAgent] = agent }
        return Request(head: HTTPRequest(method: method, scheme: "http", authority: "shop.example", path: path, headerFields: fields),
                       body: RequestBody(buffer: ByteBuffer()))
    }

    @Test("the challenge's GET and the registration's POST from one browser hash alike; another browser does not")
    func sameClientSameFingerprint() {
        let challenge = Self.request(.get, "/queue/challenge?sale_id=drop-1&fingerprint=canvas-7f3a")
        let registration = Self.request(.post, "/queue/register", extra: [
            .contentType: "application/json", .contentLength: "120", .origin: "https://shop.example",
        ])
        let challenged = ClientFingerprint.of(challenge, field: "canvas-7f3a")
        #expect(challenged == ClientFingerprint.of(registration, field: "canvas-7f3a"))
        #expect(challenged != ClientFingerprint.of(registration, field: "canvas-0000"))
        let other = Self.request(.post, "/queue/register", agent: "python-requests/2.31")
        #expect(challenged != ClientFingerprint.of(other, field: "canvas-7f3a"))
    }

    @Test("bits raised on the fingerprint a registration recorded are asked at the next challenge, and its solution registers")
    func raisedBitsAreAskedAndAccepted() async throws {
        let sale = DaemonFixture.saleJSON(rate: 1_000, extra: #","pow_difficulty":2"#)
        try await DaemonFixture.with(sale: sale) { client, _, redis in
            let headers = ["User-Agent": "Mozilla/5.0 (Android 14) Mobile", "Accept-Language": "fr-CH"]
            func register(_ user: String) async throws -> (difficulty: Int, status: Int) {
                let issued = try await client.call("GET", "/queue/challenge?sale_id=drop-1&fingerprint=phone-1", headers: headers)
                let challenge = try #require(issued.json?["challenge"] as? String, "\(issued.text)")
                let difficulty = try #require(issued.json?["difficulty"] as? Int)
                let nonce = ProofOfWork.solve(challenge: challenge, difficulty: difficulty)
                let body = #"{"sale_id":"drop-1","user_id":"\#(user)","pow":{"challenge":"\#(challenge)","nonce":"\#(nonce)"},"fingerprint":"phone-1"}"#
                return (difficulty, try await client.call("POST", "/queue/register", json: body, headers: headers).status)
            }
            #expect(try await register("first") == (2, 201))
            let session = try #require(try await client.admin("GET", "/admin/sales/drop-1/bots/sessions/first").json)
            let fingerprint = try #require(session["fingerprint"] as? String)

            // What the policy's "raise" action writes, as the bot defense stores it.
            let inspector = RedisClient(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            try await inspector.connect()
            defer { inspector.shutdown() }
            _ = try await inspector.send(["HSET", "fg:{drop-1}:bot:raised", "fingerprint:\(fingerprint)", "6"])
            _ = try await inspector.send(["HINCRBY", "fg:{drop-1}:bot:stats", "ver", "1"])

            var asked = 2
            for attempt in 0..<40 where asked == 2 {
                if attempt > 0 { try await Task.sleep(for: .milliseconds(100)) }
                let issued = try await client.call("GET", "/queue/challenge?sale_id=drop-1&fingerprint=phone-1", headers: headers)
                asked = issued.json?["difficulty"] as? Int ?? 2
            }
            #expect(asked == 8)
            #expect(try await register("second") == (8, 201))
        }
    }
}
