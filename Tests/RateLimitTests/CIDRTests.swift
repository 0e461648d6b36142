@testable import RateLimit
import Testing

@Suite struct CIDRTests {
    func cidr(_ text: String) throws -> CIDR {
        try #require(CIDR(text))
    }

    @Test func ipv4Networks() throws {
        let loopback = try cidr("127.0.0.1/8")
        #expect(loopback.description == "127.0.0.0/8")
        #expect(loopback.contains("127.0.0.1") && loopback.contains("127.255.255.255"))
        #expect(!loopback.contains("128.0.0.1") && !loopback.contains("126.255.255.255"))
        let private24 = try cidr("192.168.1.0/24")
        #expect(private24.contains("192.168.1.200") && !private24.contains("192.168.2.1"))
    }

    @Test func edgePrefixes() throws {
        let all4 = try cidr("0.0.0.0/0")
        #expect(all4.contains("1.2.3.4") && all4.contains("255.255.255.255") && all4.contains("::ffff:8.8.8.8"))
        #expect(!all4.contains("2001:db8::1"))
        let host4 = try cidr("10.1.2.3/32")
        #expect(host4.contains("10.1.2.3") && !host4.contains("10.1.2.4"))
        #expect(try cidr("10.1.2.3") == host4)
        let all6 = try cidr("::/0")
        #expect(all6.contains("2001:db8::1") && all6.contains("::"))
        let host6 = try cidr("2001:db8::1/128")
        #expect(host6.contains("2001:db8:0:0:0:0:0:1") && !host6.contains("2001:db8::2"))
        #expect(try cidr("2001:DB8::1") == host6)
        let half = try cidr("ffff:ffff:ffff:ffff::/64")
        #expect(half.contains("ffff:ffff:ffff:ffff:1:2:3:4") && !half.contains("ffff:ffff:ffff:fffe::"))
        let odd = try cidr("2001:db8::/33")
        #expect(odd.contains("2001:db8:7fff::1") && !odd.contains("2001:db8:8000::1"))
        #expect(try cidr("10.0.0.0/31").contains("10.0.0.1"))
    }

    @Test func ipv6Networks() throws {
        let loopback = try cidr("::1/128")
        #expect(loopback.contains("::1") && loopback.contains("0:0:0:0:0:0:0:1") && !loopback.contains("::2"))
        let ula = try cidr("fd00::/8")
        #expect(ula.contains("fd12:3456::1") && !ula.contains("fe80::1"))
        let linkLocal = try cidr("fe80::/10")
        #expect(linkLocal.contains("fe80::1%eth0"), "a zone suffix is ignored")
        #expect(!linkLocal.contains("1.2.3.4"))
    }

    @Test func mappedAddressesMatchIPv4Networks() throws {
        let loopback = try cidr("127.0.0.0/8")
        #expect(loopback.contains("::ffff:127.0.0.1"))
        #expect(loopback.contains("::FFFF:7f00:1"))
        #expect(!loopback.contains("::ffff:10.0.0.1"))
        #expect(!loopback.contains("::127.0.0.1"), "IPv4-compatible is not IPv4-mapped")
        #expect(!loopback.contains("64:ff9b::127.0.0.1"))
        let mapped = try cidr("::ffff:10.0.0.0/104")
        #expect(mapped.contains("10.200.0.1") && !mapped.contains("11.0.0.1"))
    }

    @Test(arguments: [
        "", "/", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08a",
        "10.0.0.0/8/8", "10.0.0/8", "256.0.0.0/8", "10.0.0.0 /8", "garbage", "fe80::1%eth0/64", "[::1]/128",
        "10.0.0.0/0008",
    ])
    func malformedNetworksAreRefused(text: String) {
        #expect(CIDR(text) == nil, "\(text)")
    }

    @Test(arguments: ["", "garbage", "1.2.3", "1.2.3.4.5", "[::1]", "::1:", "1.2.3.4:80", " 1.2.3.4", "01.2.3.4"])
    func garbageAddressesMatchNothing(address: String) throws {
        #expect(!(try cidr("0.0.0.0/0")).contains(address))
        #expect(!(try cidr("::/0")).contains(address))
    }
}
