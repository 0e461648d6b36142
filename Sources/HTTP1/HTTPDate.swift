/// IMF-fixdate formatting (RFC 9110 §5.6.7) for the Date header, without Foundation.
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since 1970-01-01T00:00:00Z as e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
    public static func format(epochSeconds: Int) -> String {
        let secondsPerDay = 86_400
        let (days, secondOfDay) = floorDivision(epochSeconds, secondsPerDay)
        let date = civilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday (index 4).
        let weekday = floorDivision(days + 4, 7).remainder
        var text = ""
        text.reserveCapacity(29)
        text += weekdays[weekday]
        text += ", "
        text += twoDigits(date.day)
        text += " "
        text += months[date.month - 1]
        text += " "
        text += String(date.year)
        text += " "
        text += twoDigits(secondOfDay / 3600)
        text += ":"
        text += twoDigits(secondOfDay / 60 % 60)
        text += ":"
        text += twoDigits(secondOfDay % 60)
        text += " GMT"
        return text
    }

    /// Proleptic Gregorian calendar date of a day count (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = floorDivision(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
