import Testing

@testable import FloodgateCore

@Suite("Base64url and hex")
struct EncodingTests {
    @Test("base64url round-trips every length", arguments: 0..<40)
    func base64URLRoundTrips(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 250) }
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(Base64URL.decode(Array(text.utf8)) == bytes)
    }

    @Test("base64url matches RFC 4648 vectors", arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("\u{FB}\u{FF}", "w7vDvw"),
    ])
    func base64URLVectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
    }

    @Test("base64url uses - and _ instead of + and /")
    func base64URLAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode(Array("-_8".utf8)) == [0xFB, 0xFF])
    }

    @Test("base64url refuses padding, foreign characters and non-canonical text", arguments: [
        "Zg==", "Zm9v+", "Zm9v/", "Z", "Zh", "Zm9", "Zm!v", "Zm9vY",
    ])
    func base64URLRefuses(text: String) {
        #expect(Base64URL.decode(Array(text.utf8)) == nil)
    }

    @Test("hex round-trips and refuses bad text")
    func hex() {
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xAB, 0xFF])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
