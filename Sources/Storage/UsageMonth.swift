/// The calendar month (UTC) that usage is charged to, as `"YYYY-MM"`.
///
/// Usage is kept per user per month, so a new month starts at zero without any reset job.
public enum UsageMonth {
    /// The UTC month containing `epochSeconds`, e.g. `1_706_745_600` → `"2024-02"`.
    /// Years before 1 or after 9999 are clamped to that range.
    public static func of(_ epochSeconds: Int) -> String {
        let (year, month) = yearAndMonth(epochSeconds)
        let clampedYear = min(max(year, 1), 9999)
        return pad(clampedYear, width: 4) + "-" + pad(month, width: 2)
    }

    /// Whether `text` has the `"YYYY-MM"` shape with a month from 01 to 12.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return false }
        let digits = bytes[0..<4] + bytes[5..<7]
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        let month = Int(bytes[5] - UInt8(ascii: "0")) * 10 + Int(bytes[6] - UInt8(ascii: "0"))
        return (1...12).contains(month)
    }

    /// Proleptic Gregorian year and month of a UTC instant (Howard Hinnant's civil-from-days).
    static func yearAndMonth(_ epochSeconds: Int) -> (year: Int, month: Int) {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds + 1) / 86_400 - 1
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month)
    }

    private static func pad(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
