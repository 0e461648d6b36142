@testable import Basics
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"), ("::", "::"), ("::1", "::1"),
        ("1::", "1::"), ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"), ("1:0:3:4:5:6:7:8", "1:0:3:4:5:6:7:8"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"), ("::ffff:0102:0304", "::ffff:1.2.3.4"), ("::1.2.3.4", "::102:304"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"), ("fe80::", "fe80::"), ("0:0:1::", "0:0:1::"),
    ])
    func parsesAndPrintsCanonically(text: String, canonical: String) {
        #expect(IPAddress(text)?.description == canonical)
    }

    @Test(arguments: [
        "", "1", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1..3.4", "1.2.3.4.", "-1.2.3.4",
        ":", ":::", "1:::2", "::1::", "1::2::3", ":1::", "1::2:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::",
        "g::", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "[::1]", "::1%eth0", "1:2:3:4:5:6:7:8::",
        " ::1", "::1 ", String(repeating: "1", count: 200),
    ])
    func refusesMalformedAddresses(text: String) {
        #expect(IPAddress(text) == nil, "\(text)")
    }

    @Test func ipv4OfMappedAddresses() {
        #expect(IPAddress("::ffff:10.0.0.1")?.ipv4 == 0x0A00_0001)
        #expect(IPAddress("10.0.0.1")?.ipv4 == 0x0A00_0001)
        #expect(IPAddress("::10.0.0.1")?.ipv4 == nil)
        #expect(IPAddress("::1")?.ipv4 == nil)
    }
}
