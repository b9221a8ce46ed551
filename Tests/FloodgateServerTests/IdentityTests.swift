import Crypto
import CryptoExtras
import FloodgateCore
import FloodgateTesting
import Foundation
import Testing

/// Identity binding: a sale with `identity` asks every registration for a JWT the shop signed.
@Suite("Identity assertions at registration")
struct IdentityTests {
    static let secret = "shop-secret-of-at-least-thirty-two-bytes"

    static func base64URL(_ data: some Sequence<UInt8>) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A compact JWT for `sub`, expiring `expiresIn` seconds from now.
    static func jwt(sub: String, expiresIn: Double = 300, alg: String = "HS256", sign: (Data) throws -> Data) rethrows -> String {
        let header = base64URL(Data(#"{"alg":"\#(alg)","typ":"JWT"}"#.utf8))
        let payload = base64URL(Data(#"{"sub":"\#(sub)","exp":\#(Int(Date().timeIntervalSince1970 + expiresIn))}"#.utf8))
        let signed = header + "." + payload
        return signed + "." + base64URL(try sign(Data(signed.utf8)))
    }

    static func hmac(_ key: String) -> (Data) -> Data {
        { Data(HMAC<SHA256>.authenticationCode(for: $0, using: SymmetricKey(data: Data(key.utf8)))) }
    }

    static func register(_ client: FloodgateClient, user: String, identity: String?) async throws -> HTTPProbe.Response {
        let field = identity.map { #","identity":"\#($0)""# } ?? ""
        return try await client.call("POST", "/queue/register", json: #"{"sale_id":"drop-1","user_id":"\#(user)"\#(field)}"#)
    }

    @Test("HS256: valid registers; expired, wrong key, wrong sub, missing or unsigned get 401 and change nothing")
    func hs256() async throws {
        let sale = DaemonFixture.saleJSON(extra: #","identity":{"alg":"HS256","key":"\#(Self.secret)"}"#)
        try await DaemonFixture.with(sale: sale) { client, _, _ in
            let before = try await DaemonFixture.footprint(client)
            let refused = [
                ("expired", Self.jwt(sub: "alice", expiresIn: -5, sign: Self.hmac(Self.secret))),
                ("wrong key", Self.jwt(sub: "alice", sign: Self.hmac("another-secret-of-at-least-thirty-two-b"))),
                ("wrong sub", Self.jwt(sub: "mallory", sign: Self.hmac(Self.secret))),
                ("unsigned", Self.jwt(sub: "alice", alg: "none") { _ in Data() }),
                ("garbage", "not.a.jwt"),
            ]
            for (name, token) in refused {
                let response = try await Self.register(client, user: "alice", identity: token)
                #expect(response.status == 401, "\(name)")
                #expect((response.json?["error"] as? [String: Any])?["code"] as? String == "identity_invalid", "\(name)")
            }
            #expect(try await Self.register(client, user: "alice", identity: nil).status == 401)
            #expect(try await DaemonFixture.footprint(client) == before)
            let valid = try await Self.register(client, user: "alice", identity: Self.jwt(sub: "alice", sign: Self.hmac(Self.secret)))
            #expect(valid.status == 201, "\(valid.text)")
        }
    }

    @Test("RS256: the shop's public key verifies; another key's signature is refused")
    func rs256() async throws {
        let shop = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let pem = shop.publicKey.pemRepresentation.replacingOccurrences(of: "\n", with: "\\n")
        let sale = DaemonFixture.saleJSON(extra: #","identity":{"alg":"RS256","key":"\#(pem)"}"#)
        func sign(_ key: _RSA.Signing.PrivateKey) -> (Data) throws -> Data {
            { Data(try key.signature(for: SHA256.hash(data: $0), padding: .insecurePKCS1v1_5).rawRepresentation) }
        }
        try await DaemonFixture.with(sale: sale) { client, _, _ in
            let forged = try await Self.register(client, user: "bob", identity: try Self.jwt(sub: "bob", alg: "RS256", sign: sign(other)))
            #expect(forged.status == 401)
            let hs = try await Self.register(client, user: "bob", identity: Self.jwt(sub: "bob", sign: Self.hmac(Self.secret)))
            #expect(hs.status == 401, "an HS256 assertion for an RS256 sale")
            let valid = try await Self.register(client, user: "bob", identity: try Self.jwt(sub: "bob", alg: "RS256", sign: sign(shop)))
            #expect(valid.status == 201, "\(valid.text)")
        }
    }

    @Test("a bad identity setting is refused with the sale")
    func badSetting() async throws {
        try await DaemonFixture.with(sale: nil) { client, _, _ in
            let response = try await client.admin("POST", "/admin/sales", json: DaemonFixture.saleJSON(extra: #","identity":{"alg":"HS512","key":"short"}"#))
            #expect(response.status == 400)
            #expect(response.text.contains("identity.alg"))
        }
    }
}
