@testable import Basics
import Foundation
import Testing

@Suite struct LogTimestampTests {
    static let cases: [(Int64, Int, String)] = [
        (0, 0, "1970-01-01T00:00:00.000Z"),
        (1_795_939_200, 123_456_789, "2026-11-29T08:00:00.123Z"),
        (951_782_400, 999_999_999, "2000-02-29T00:00:00.999Z"),
        (4_107_542_400 - 1, 1_000_000, "2100-02-28T23:59:59.001Z"),
        (4_107_542_400, 0, "2100-03-01T00:00:00.000Z"),
        (-86_400, 0, "1969-12-31T00:00:00.000Z"),
        (-1, 500_000_000, "1969-12-31T23:59:59.500Z"),
        (-2_208_988_800, 0, "1900-01-01T00:00:00.000Z"),
        (13_601_001_600 + 86_399, 0, "2400-12-31T23:59:59.000Z"),
        (253_402_214_400 + 86_399, 999_000_000, "9999-12-31T23:59:59.999Z"),
    ]

    @Test(arguments: cases)
    func formatsUTC(seconds: Int64, nanoseconds: Int, expected: String) {
        #expect(LogTimestamp(seconds: seconds, nanoseconds: nanoseconds).formatted == expected)
    }

    @Test func nanosecondsOutOfRangeAreFolded() {
        #expect(LogTimestamp(seconds: 10, nanoseconds: 1_500_000_000) == LogTimestamp(seconds: 11, nanoseconds: 500_000_000))
        #expect(LogTimestamp(seconds: 10, nanoseconds: -1) == LogTimestamp(seconds: 9, nanoseconds: 999_999_999))
    }

    @Test func agreesWithFoundationForEveryDayOverFourCenturies() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var day: Int64 = -40_000
        while day < 110_000 {
            let seconds = day * 86_400 + 45_296
            let ours = LogTimestamp(seconds: seconds, nanoseconds: 789_000_000).formatted
            let theirs = formatter.string(from: Date(timeIntervalSince1970: Double(seconds) + 0.789))
            #expect(ours == theirs)
            if ours != theirs { break }
            day += 7
        }
    }

    @Test func nowIsCurrentWallClock() {
        let now = LogTimestamp.now()
        let reference = Int64(Date().timeIntervalSince1970)
        #expect(abs(now.seconds - reference) <= 5)
        #expect((0..<1_000_000_000).contains(now.nanoseconds))
    }
}
