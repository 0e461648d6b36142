@testable import Basics
import Testing

@Suite struct UTCMonthTests {
    @Test func theNextMonthStartsAtMidnightUTCOnTheFirst() {
        #expect(UTCMonth.startOfNextMonth(after: 0) == 2_678_400)                 // 1970-01-01 → 1970-02-01
        #expect(UTCMonth.startOfNextMonth(after: 2_678_399) == 2_678_400)         // the month's last second
        #expect(UTCMonth.startOfNextMonth(after: 2_678_400) == 5_097_600)         // 1970-02-01 → 1970-03-01
        #expect(UTCMonth.startOfNextMonth(after: 1_798_761_599) == 1_798_761_600) // 2026-12-31T23:59:59Z → 2027-01-01
        #expect(UTCMonth.startOfNextMonth(after: 1_706_745_600) == 1_709_251_200) // 2024-02-01 → 2024-03-01 (leap year)
        #expect(UTCMonth.startOfNextMonth(after: 1_709_164_800) == 1_709_251_200) // 2024-02-29
        #expect(UTCMonth.startOfNextMonth(after: -1) == 0)                        // 1969-12-31T23:59:59Z
    }

    @Test func daysFromCivilInvertsCivilFromDays() {
        for day in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let date = LogTimestamp.civilDate(daysSinceEpoch: day)
            #expect(UTCMonth.daysFromCivil(year: date.year, month: date.month, day: date.day) == day)
        }
    }
}
