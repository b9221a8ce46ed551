import FloodgateCore
import NIOCore
@testable import FloodgateServer
import Testing

@Suite("Client addresses: the rightmost hop that is not a trusted proxy")
struct ClientAddressPolicyTests {
    private let proxy = IPAddress("127.0.0.1")
    private func policy(_ header: ForwardingHeader = .xForwardedFor, trusted: [String] = ["127.0.0.0/8", "10.0.0.0/8"]) -> ClientAddressPolicy {
        ClientAddressPolicy(trustForwarded: true, header: header, trustedProxies: trusted.compactMap { AddressRange($0) })
    }

    @Test("X-Forwarded-For: forged leftmost hops are never believed", arguments: [
        (["198.51.100.7"], "198.51.100.7"),
        (["6.6.6.6, 198.51.100.7"], "198.51.100.7"),
        (["6.6.6.6, 198.51.100.7, 10.0.0.3"], "198.51.100.7"),
        (["6.6.6.6", "198.51.100.7, 10.0.0.3"], "198.51.100.7"),
        (["198.51.100.7:4711, 10.0.0.3"], "198.51.100.7"),
        (["[2001:db8::17]:4711"], "2001:db8::17"),
        (["2001:db8::17"], "2001:db8::17"),
        (["10.0.0.9, 10.0.0.3"], "10.0.0.9"),
    ])
    func xForwardedFor(lines: [String], expected: String) {
        #expect(policy().client(peer: proxy, headerLines: lines)?.description == expected)
    }

    @Test("malformed or opaque hops stop at the nearest trusted proxy", arguments: [
        (["garbage"], "127.0.0.1"),
        (["198.51.100.7, garbage"], "127.0.0.1"),
        (["198.51.100.7, unknown, 10.0.0.3"], "10.0.0.3"),
        ([""], "127.0.0.1"),
        ([",,,"], "127.0.0.1"),
        (["1.2.3.4:99999"], "127.0.0.1"),
        (["300.1.1.1"], "127.0.0.1"),
    ])
    func malformedXForwardedFor(lines: [String], expected: String) {
        #expect(policy().client(peer: proxy, headerLines: lines)?.description == expected)
    }

    @Test("RFC 7239 Forwarded: for= with quoted IPv6 and ports; obfuscated identifiers are not addresses", arguments: [
        (["for=192.0.2.60;proto=http;by=203.0.113.43"], "192.0.2.60"),
        (["for=6.6.6.6, for=192.0.2.60"], "192.0.2.60"),
        (["for=6.6.6.6", "For=\"[2001:db8:cafe::17]:4711\""], "2001:db8:cafe::17"),
        (["for=\"192.0.2.60:8080\", for=10.0.0.3"], "192.0.2.60"),
        (["for=\"[2001:db8:cafe::17]\";proto=https"], "2001:db8:cafe::17"),
        (["for=192.0.2.60, for=_hidden"], "127.0.0.1"),
        (["for=192.0.2.60, for=unknown, for=10.0.0.3"], "10.0.0.3"),
        (["for=\"[2001:db8::1]:_port\""], "2001:db8::1"),
        (["proto=https"], "127.0.0.1"),
        (["for=1.2.3.4;for=5.6.7.8"], "127.0.0.1"),
        (["for=\"unterminated"], "127.0.0.1"),
        (["for=2001:db8::1"], "127.0.0.1"),
        (["for=192.0.2.60,"], "127.0.0.1"),
    ])
    func forwarded(lines: [String], expected: String) {
        #expect(policy(.forwarded).client(peer: proxy, headerLines: lines)?.description == expected)
    }

    @Test("an untrusted peer's headers are ignored, and so is everything without the flag")
    func untrustedPeer() {
        let stranger = IPAddress("203.0.113.5")
        #expect(policy().client(peer: stranger, headerLines: ["198.51.100.7"])?.description == "203.0.113.5")
        #expect(policy(trusted: ["192.0.2.0/24"]).client(peer: proxy, headerLines: ["198.51.100.7"])?.description == "127.0.0.1")
        let off = ClientAddressPolicy()
        #expect(off.client(peer: proxy, headerLines: ["198.51.100.7"])?.description == "127.0.0.1")
        #expect(policy().client(peer: nil, headerLines: ["198.51.100.7"]) == nil)
    }

    @Test("a peer written as an IPv4-mapped IPv6 address matches IPv4 blocks")
    func mappedPeer() {
        #expect(policy().client(peer: IPAddress("::ffff:127.0.0.1"), headerLines: ["198.51.100.7"])?.description == "198.51.100.7")
    }

    @Test("a peer's address is read from the socket address's bytes; a Unix socket has none")
    func peerFromSocketAddress() throws {
        #expect(IPAddress(peer: try SocketAddress(ipAddress: "192.0.2.7", port: 80))?.description == "192.0.2.7")
        #expect(IPAddress(peer: try SocketAddress(ipAddress: "2001:db8::17", port: 80))?.description == "2001:db8::17")
        #expect(IPAddress(peer: try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: 80)) == IPAddress("127.0.0.1"))
        #expect(IPAddress(peer: try SocketAddress(unixDomainSocketPath: "/tmp/floodgate.sock")) == nil)
    }
}
