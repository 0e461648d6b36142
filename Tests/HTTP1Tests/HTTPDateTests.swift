import HTTP1
import Testing

@Suite struct HTTPDateTests {
    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (946_684_799, "Fri, 31 Dec 1999 23:59:59 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_709_208_000, "Thu, 29 Feb 2024 12:00:00 GMT"),
        (2_147_483_648, "Tue, 19 Jan 2038 03:14:08 GMT"),
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (-3_153_600_000, "Tue, 25 Jan 1870 00:00:00 GMT"),
    ])
    func formatsKnownDates(_ seconds: Int, _ expected: String) {
        #expect(HTTPDate.format(epochSeconds: seconds) == expected)
    }

    @Test func alwaysTwentyNineBytes() {
        var seconds = 0
        while seconds < 4_000_000_000 {
            #expect(HTTPDate.format(epochSeconds: seconds).utf8.count == 29)
            seconds += 86_399 * 97
        }
    }
}
