import Foundation
import Storage
import Testing

@Suite struct UsageMonthTests {
    @Test(arguments: [
        (0, "1970-01"),
        (-1, "1969-12"),
        (-86_400 * 31, "1969-12"),
        (-86_400 * 31 - 1, "1969-11"),
        (1_706_745_599, "2024-01"), // 2024-01-31T23:59:59Z
        (1_706_745_600, "2024-02"), // 2024-02-01T00:00:00Z
        (1_709_251_199, "2024-02"), // 2024-02-29T23:59:59Z (leap day)
        (1_709_251_200, "2024-03"), // 2024-03-01T00:00:00Z
        (1_704_067_199, "2023-12"), // 2023-12-31T23:59:59Z
        (1_704_067_200, "2024-01"), // 2024-01-01T00:00:00Z
        (951_868_799, "2000-02"), // 2000-02-29T23:59:59Z (400-year leap)
        (4_107_542_399, "2100-02"), // 2100-02-28T23:59:59Z (not a leap year)
        (4_107_542_400, "2100-03"), // 2100-03-01T00:00:00Z
        (253_402_300_799, "9999-12"), // last second of 9999
    ])
    func monthAtBoundaries(epoch: Int, expected: String) {
        #expect(UsageMonth.of(epoch) == expected)
    }

    @Test func extremeInstantsAreClampedNotCrashing() {
        #expect(UsageMonth.of(Int.max).hasPrefix("9999-"))
        #expect(UsageMonth.of(Int.min).hasPrefix("0001-"))
        #expect(UsageMonth.isValid(UsageMonth.of(Int.max)))
    }

    @Test func agreesWithFoundationCalendarEveryFiveHoursOverThirtyYears() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var epoch = 946_684_800 - 86_400 * 366 * 15 // around 1985
        let end = 946_684_800 + 86_400 * 366 * 15 // around 2015
        while epoch < end {
            let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(epoch)))
            let expected = String(format: "%04d-%02d", parts.year!, parts.month!)
            #expect(UsageMonth.of(epoch) == expected, "epoch \(epoch)")
            if UsageMonth.of(epoch) != expected { return }
            epoch += 5 * 3_600 + 17
        }
    }

    @Test(arguments: ["2024-01", "1999-12", "0001-01"])
    func validMonths(text: String) {
        #expect(UsageMonth.isValid(text))
    }

    @Test(arguments: ["2024-13", "2024-00", "2024-1", "24-01", "2024/01", "2024-01-01", "", "abcd-ef", "２０２４-01", "2024-0\u{0}"])
    func invalidMonths(text: String) {
        #expect(!UsageMonth.isValid(text))
    }
}
