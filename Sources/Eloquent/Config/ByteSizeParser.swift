/// Parses byte sizes: a bare whole number of bytes (`1048576`) or a whole number followed by
/// a unit (`512KiB`, `25MiB`, `10MB`, `1G`, optionally with spaces before the unit).
///
/// Units are case-insensitive. `K`, `M`, `G`, `T` and `KiB`, `MiB`, `GiB`, `TiB` are binary
/// (1024-based); `KB`, `MB`, `GB`, `TB` are decimal (1000-based); `B` is bytes. Signs,
/// fractions, empty input, a unit alone and values that overflow `Int` are refused.
public enum ByteSizeParser {
    /// The longest input considered; anything longer is refused without being scanned.
    static let maximumLength = 40

    /// Returns the number of bytes `text` denotes, or `nil` when it is not a valid size.
    public static func parse(_ text: some StringProtocol) -> Int? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return nil }
        var index = 0
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = next
            index += 1
        }
        guard index > 0 else { return nil }
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        let unit = String(decoding: bytes[index...], as: UTF8.self).lowercased()
        guard let multiplier = multiplier(unit) else { return nil }
        let (result, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : result
    }

    private static func multiplier(_ unit: String) -> Int? {
        switch unit {
        case "", "b": 1
        case "k", "kib": 1 << 10
        case "m", "mib": 1 << 20
        case "g", "gib": 1 << 30
        case "t", "tib": 1 << 40
        case "kb": 1_000
        case "mb": 1_000_000
        case "gb": 1_000_000_000
        case "tb": 1_000_000_000_000
        default: nil
        }
    }
}
