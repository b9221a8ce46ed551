import FloodgateCore
import Testing

@Suite("Addresses and ranges: CIDR blocks, IPv4 and IPv6, subnets")
struct AddressRangeTests {
    @Test("a block contains exactly its addresses", arguments: [
        ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false),
        ("192.168.1.0/24", "192.168.1.255", true), ("192.168.1.0/24", "192.168.2.0", false),
        ("172.16.0.0/12", "172.31.255.255", true), ("172.16.0.0/12", "172.32.0.0", false),
        ("192.0.2.7", "192.0.2.7", true), ("192.0.2.7", "192.0.2.8", false),
        ("0.0.0.0/0", "203.0.113.9", true), ("0.0.0.0/0", "::1", false),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("2001:db8::/33", "2001:db8:7fff::1", true), ("2001:db8::/33", "2001:db8:8000::1", false),
        ("::1", "::1", true), ("::1", "127.0.0.1", false), ("::/0", "2001:db8::1", true),
        ("127.0.0.0/8", "::ffff:127.0.0.1", true), ("10.1.2.3/32", "10.1.2.3", true),
    ])
    func contains(range: String, address: String, expected: Bool) throws {
        let block = try #require(AddressRange(range))
        let ip = try #require(IPAddress(address))
        #expect(block.contains(ip) == expected)
    }

    @Test("host bits are cleared and the text round-trips")
    func normalised() throws {
        #expect(try #require(AddressRange("10.1.2.3/8")).description == "10.0.0.0/8")
        #expect(try #require(AddressRange("2001:db8::17/64")).description == "2001:db8::/64")
        #expect(try #require(AddressRange("::1")).description == "::1")
        #expect(try #require(AddressRange("10.1.2.3")).cidr == "10.1.2.3/32")
        #expect(try #require(AddressRange("203.0.113.9/24")).cidr == "203.0.113.0/24")
    }

    @Test("an address counts in its /24 or /64")
    func subnets() {
        #expect(IPAddress("203.0.113.77")?.subnet == "203.0.113.0/24")
        #expect(IPAddress("2001:db8:1:2:3::9")?.subnet == "2001:db8:1:2::/64")
        #expect(IPAddress("::ffff:198.51.100.7")?.subnet == "198.51.100.0/24")
    }

    @Test("malformed addresses are refused", arguments: ["300.1.1.1", "1.2.3", "1.2.3.4.5", "", "::1::2", "nonsense"])
    func malformedAddress(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("malformed ranges are refused", arguments: [
        "", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "::1/129", "2001:db8::/x", "localhost",
        "10.0.0.0/8/8", "1.2.3.4 ", "[::1]", "fe80::1%eth0", "10.0.0.0/ 8", "10.0.0.0/+8", "nonsense/8",
    ])
    func malformed(text: String) {
        #expect(AddressRange(text) == nil)
    }

    @Test("a list is comma-separated and refused whole when one element is malformed")
    func list() {
        #expect(AddressRange.list("10.0.0.0/8, 2001:db8::/32,127.0.0.1")?.count == 3)
        #expect(AddressRange.list("10.0.0.0/8, nonsense") == nil)
        #expect(AddressRange.list("") == nil)
    }
}
