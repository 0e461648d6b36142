import Glibc

/// A wall-clock instant for log lines, formatted by hand (no Foundation on the hot path) as
/// RFC 3339 UTC with milliseconds: `2026-11-29T08:00:00.123Z`.
public struct LogTimestamp: Sendable, Hashable {
    /// Seconds since the Unix epoch.
    public var seconds: Int64
    /// Nanoseconds within the second, 0…999_999_999.
    public var nanoseconds: Int

    /// An instant; `nanoseconds` outside 0…999_999_999 is folded into `seconds`.
    public init(seconds: Int64, nanoseconds: Int) {
        let (carry, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        self.seconds = seconds + Int64(carry) - (remainder < 0 ? 1 : 0)
        self.nanoseconds = remainder < 0 ? remainder + 1_000_000_000 : remainder
    }

    /// Now, from `clock_gettime(CLOCK_REALTIME)`.
    public static func now() -> LogTimestamp {
        let now = SystemClock.wallClock()
        return LogTimestamp(seconds: Int64(now.seconds), nanoseconds: now.nanoseconds)
    }

    /// The formatted timestamp as a string.
    public var formatted: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS.mmmZ` to `output`.
    public func append(to output: inout [UInt8]) {
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (dayNumber, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: dayNumber)
        if year < 0 { output.append(UInt8(ascii: "-")) }
        Self.appendDigits(Int(year.magnitude), width: 4, to: &output)
        output.append(UInt8(ascii: "-"))
        Self.appendDigits(month, width: 2, to: &output)
        output.append(UInt8(ascii: "-"))
        Self.appendDigits(day, width: 2, to: &output)
        output.append(UInt8(ascii: "T"))
        Self.appendDigits(Int(second / 3600), width: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        Self.appendDigits(Int(second / 60 % 60), width: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        Self.appendDigits(Int(second % 60), width: 2, to: &output)
        output.append(UInt8(ascii: "."))
        Self.appendDigits(nanoseconds / 1_000_000, width: 3, to: &output)
        output.append(UInt8(ascii: "Z"))
    }

    /// Proleptic Gregorian date of a day number (days since 1970-01-01), after Howard
    /// Hinnant's `civil_from_days`.
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Appends `value` in decimal, left-padded with zeros to at least `width` digits.
    static func appendDigits(_ value: Int, width: Int, to output: inout [UInt8]) {
        var divisor = 1
        var digits = 1
        while digits < width || value / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}

/// RFC 3339 UTC timestamps with milliseconds (`2026-11-29T08:00:00.123Z`), as the API shows them; the same
/// hand-written formatter the log lines use.
package enum RFC3339 {
    package static func format(seconds: Int, milliseconds: Int) -> String {
        LogTimestamp(seconds: Int64(seconds), nanoseconds: milliseconds * 1_000_000).formatted
    }
}

/// UTC calendar months (usage is counted per month in UTC).
public enum UTCMonth {
    /// The epoch second at which the month after the one holding `seconds` begins.
    public static func startOfNextMonth(after seconds: Int) -> Int {
        let days = Int64(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let date = LogTimestamp.civilDate(daysSinceEpoch: days)
        let (year, month) = date.month == 12 ? (date.year + 1, 1) : (date.year, date.month + 1)
        return Int(daysFromCivil(year: year, month: month, day: 1)) * 86_400
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
