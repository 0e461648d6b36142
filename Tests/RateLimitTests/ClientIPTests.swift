@testable import RateLimit
import Testing

/// Which address a request is counted against, and address normalisation.
struct RateLimitClientIPTests {
    /// Loopback and 10.0.0.0/24 stand in for TRUSTED_PROXIES.
    static func trusted(_ address: String) -> Bool {
        address == "127.0.0.1" || address == "::1" || address.hasPrefix("10.0.0.")
    }

    func resolve(peer: String, xff: [String] = [], realIP: String? = nil) -> String {
        ClientIP.resolve(peer: peer, forwardedFor: xff, realIP: realIP, isTrusted: Self.trusted)
    }

    @Test(arguments: [
        ["1.2.3.4"], ["127.0.0.1"], ["1.2.3.4, 5.6.7.8"], ["garbage"], ["", "9.9.9.9"],
        ["10.0.0.1", "1.2.3.4"], [String(repeating: "1.1.1.1,", count: 10_000)],
    ])
    func spoofedHeadersFromAnUntrustedPeerNeverChangeTheKey(xff: [String]) {
        #expect(resolve(peer: "203.0.113.9", xff: xff, realIP: "8.8.8.8") == "203.0.113.9")
        #expect(resolve(peer: "2001:db8::9", xff: xff, realIP: "::1") == "2001:db8::9")
    }

    @Test func untrustedPeerIsNormalised() {
        #expect(resolve(peer: "::ffff:203.0.113.9", xff: ["1.2.3.4"]) == "203.0.113.9")
        #expect(resolve(peer: "2001:DB8:0:0:0:0:0:9") == "2001:db8::9")
        // A peer that does not parse is the kernel's, used as given.
        #expect(resolve(peer: "unix:/run/sock", xff: ["1.2.3.4"]) == "unix:/run/sock")
    }

    @Test func trustedPeerGivesTheRightMostUntrustedAddress() {
        #expect(resolve(peer: "127.0.0.1", xff: ["203.0.113.5"]) == "203.0.113.5")
        #expect(resolve(peer: "127.0.0.1", xff: ["198.51.100.7, 203.0.113.5, 10.0.0.2"]) == "203.0.113.5")
        // A client writing a trusted address of its own gains nothing.
        #expect(resolve(peer: "127.0.0.1", xff: ["127.0.0.1, 203.0.113.5"]) == "203.0.113.5")
        // Several header lines form one list, in order.
        #expect(resolve(peer: "::1", xff: ["198.51.100.7", "203.0.113.5,10.0.0.2", "10.0.0.3"]) == "203.0.113.5")
        #expect(resolve(peer: "::1", xff: ["203.0.113.5", "198.51.100.7"]) == "198.51.100.7")
    }

    @Test func allTrustedChainGivesTheLeftMost() {
        #expect(resolve(peer: "127.0.0.1", xff: ["10.0.0.3, 10.0.0.2"]) == "10.0.0.3")
        #expect(resolve(peer: "127.0.0.1", xff: ["127.0.0.1"]) == "127.0.0.1")
        let long = Array(repeating: "10.0.0.7", count: 50_000).joined(separator: ",")
        #expect(resolve(peer: "127.0.0.1", xff: [long]) == "10.0.0.7")
    }

    @Test func addressesAreNormalisedSoOneClientIsOneKey() {
        let spellings = ["2001:db8::1", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001",
                         "2001:db8:0:0:0:0:0:1", " 2001:db8::1\t"]
        let keys = Set(spellings.map { resolve(peer: "127.0.0.1", xff: [$0]) })
        #expect(keys == ["2001:db8::1"])
        let mapped = ["::ffff:198.51.100.7", "::FFFF:C633:6407", "0:0:0:0:0:ffff:198.51.100.7", "198.51.100.7"]
        #expect(Set(mapped.map { resolve(peer: "127.0.0.1", xff: [$0]) }) == ["198.51.100.7"])
        // A trusted proxy written in another spelling is still trusted.
        #expect(resolve(peer: "0:0:0:0:0:0:0:1", xff: ["203.0.113.5, ::ffff:127.0.0.1"]) == "203.0.113.5")
        #expect(ClientIP.normalize("2001:db8:0:0:1:0:0:1") == "2001:db8::1:0:0:1")
        #expect(ClientIP.normalize("::") == "::")
    }

    @Test(arguments: [
        "203.0.113.5:8080", "[2001:db8::1]", "[2001:db8::1]:443", "not-an-ip", "1.2.3.4.5", "1.2.3",
        "01.2.3.4", "256.1.1.1", "fe80::1%eth0", "1.2.3.4\u{0}", "1.2.3.4 5.6.7.8", "\u{FF11}.2.3.4",
        "unknown", "_hidden", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", String(repeating: "1", count: 5_000),
        "0x7f.0.0.1", "-1.2.3.4", "1.2.3.4;", "\"1.2.3.4\"",
    ])
    func garbageAtTheWalkedPositionFallsBackToThePeer(entry: String) {
        #expect(ClientIP.isValidAddress(entry) == false)
        #expect(resolve(peer: "127.0.0.1", xff: [entry]) == "127.0.0.1")
        #expect(resolve(peer: "10.0.0.9", xff: ["198.51.100.7, \(entry), 10.0.0.2"]) == "10.0.0.9")
        // Left of the real client it is client-written text and never read.
        #expect(resolve(peer: "127.0.0.1", xff: ["\(entry), 203.0.113.5"]) == "203.0.113.5")
    }

    @Test func emptyElementsAreIgnored() {
        #expect(resolve(peer: "127.0.0.1", xff: ["203.0.113.5,, ,"]) == "203.0.113.5")
        #expect(resolve(peer: "127.0.0.1", xff: ["", " ", ","], realIP: "203.0.113.8") == "203.0.113.8")
    }

    @Test func realIPIsUsedOnlyFromATrustedPeerWithoutForwardedFor() {
        #expect(resolve(peer: "127.0.0.1", realIP: " 203.0.113.8 ") == "203.0.113.8")
        #expect(resolve(peer: "127.0.0.1", realIP: "::FFFF:203.0.113.8") == "203.0.113.8")
        #expect(resolve(peer: "127.0.0.1", realIP: "203.0.113.8:99") == "127.0.0.1")
        #expect(resolve(peer: "127.0.0.1", realIP: "") == "127.0.0.1")
        #expect(resolve(peer: "127.0.0.1", xff: ["203.0.113.5"], realIP: "203.0.113.8") == "203.0.113.5")
        #expect(resolve(peer: "198.51.100.1", realIP: "203.0.113.8") == "198.51.100.1")
        #expect(resolve(peer: "127.0.0.1") == "127.0.0.1")
    }

    @Test func isTrustedSeesNormalisedAddressesAndTheWalkStopsEarly() {
        var asked: [String] = []
        let key = ClientIP.resolve(peer: "::ffff:127.0.0.1", forwardedFor: ["9.9.9.9, 203.0.113.5, 10.0.0.2"],
                                   realIP: nil) { address in
            asked.append(address)
            return Self.trusted(address)
        }
        #expect(key == "203.0.113.5")
        #expect(asked == ["127.0.0.1", "10.0.0.2", "203.0.113.5"])
    }

    @Test func validAddresses() {
        for text in ["0.0.0.0", "255.255.255.255", "::1", "::", "fe80::1", "::ffff:1.2.3.4", "2001:db8::"] {
            #expect(ClientIP.isValidAddress(text), "\(text)")
        }
        for text in ["", " ", "1", ":", "1.2.3.4 ", " ::1", "localhost"] {
            #expect(ClientIP.isValidAddress(text) == false, "\(text)")
        }
    }

    @Test func everyKeyIsThePeerOrAValidAddress() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEF:.,[]% \t\u{0}x-")
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<60, using: &generator)
            let header = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let key = resolve(peer: "127.0.0.1", xff: [header], realIP: header)
            #expect(key == "127.0.0.1" || ClientIP.isValidAddress(key), "\(header.debugDescription)")
        }
    }
}
