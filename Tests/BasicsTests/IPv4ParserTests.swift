@testable import Basics
import Testing

/// The one-pass IPv4 parser (used on every request for the client address) against the plain split-and-check
/// reading of the rule: four parts of 1…3 digits, each 0…255, no leading zeros.
@Suite struct IPv4ParserTests {
    static func reference(_ text: String) -> UInt32? {
        let parts = Array(text.utf8).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  part.count == 1 || part.first != 48 else { return nil }
            let value = part.reduce(UInt32(0)) { $0 * 10 + UInt32($1 - 48) }
            guard value <= 255 else { return nil }
            result = result << 8 | value
        }
        return result
    }

    @Test func agreesWithTheRuleOnEdgeCases() {
        let cases = ["0.0.0.0", "255.255.255.255", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1..2.3",
                     ".1.2.3", "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "1.2.3.a", "1000.2.3.4", "999.1.1.1", "00.1.1.1",
                     "0.00.0.0", "127.0.0.1", "10.0.0.255", "", ".", "...", "1.2.3.-4", "1.2.3.4\u{0}", "١.٢.٣.٤",
                     "1.2.3.25", "1.2.3.255", "1.2.3.2555", "9.9.9.9"]
        for text in cases {
            #expect(IPAddress.dottedIPv4(text) == Self.reference(text), "\(text)")
            #expect(IPAddress.parseIPv4(Array(text.utf8)[...]) == Self.reference(text), "\(text)")
        }
    }

    @Test func agreesWithTheRuleOnGeneratedText() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet = Array("0123456789.0125.".utf8) + [UInt8(ascii: "a"), UInt8(ascii: " ")]
        for _ in 0..<50_000 {
            let length = Int(next() % 17)
            let bytes = (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(IPAddress.dottedIPv4(text) == Self.reference(text), "\(text)")
        }
        // And every address written the canonical way reads back as itself.
        for _ in 0..<5_000 {
            let value = UInt32(truncatingIfNeeded: next())
            let text = IPAddress.v4(value).description
            #expect(IPAddress.dottedIPv4(text) == value && IPAddress(text)?.description == text)
        }
    }

}
