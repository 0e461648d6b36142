/// Parses durations written the Go way (`15s`, `500ms`, `1h30m`, `1.5h`, `250us`) or as a
/// bare whole number of seconds (`30`).
///
/// Units: `ns`, `us` (also `µs`, `μs`), `ms`, `s`, `m`, `h`. Signs, spaces, empty input, a
/// unit without a number and a number without a unit (other than a bare integer) are refused.
/// The total must fit in `Int64` nanoseconds (about 292 years), as in Go.
public enum DurationParser {
    /// The longest input considered; anything longer is refused without being scanned.
    static let maximumLength = 64

    /// Returns the duration `text` denotes, or `nil` when it is not a valid duration.
    public static func parse(_ text: some StringProtocol) -> Duration? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return nil }
        if bytes.allSatisfy(isDigit) {
            guard let seconds = Int64(String(decoding: bytes, as: UTF8.self)),
                  seconds <= Int64.max / 1_000_000_000 else { return nil }
            return .seconds(seconds)
        }
        guard let nanoseconds = parseComponents(bytes) else { return nil }
        return .nanoseconds(nanoseconds)
    }

    /// Sums `<number><unit>` components; `nil` on any syntax error or overflow.
    private static func parseComponents(_ bytes: [UInt8]) -> Int64? {
        var index = 0
        var total: Int64 = 0
        while index < bytes.count {
            let wholeStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            let whole = bytes[wholeStart..<index]
            var fraction = bytes[index..<index]
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                fraction = bytes[fractionStart..<index]
            }
            guard !whole.isEmpty || !fraction.isEmpty else { return nil }
            let unitStart = index
            while index < bytes.count, !isDigit(bytes[index]), bytes[index] != UInt8(ascii: ".") {
                index += 1
            }
            guard let unit = unitNanoseconds(bytes[unitStart..<index]),
                  let value = componentValue(whole: whole, fraction: fraction, unit: unit) else {
                return nil
            }
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }

    /// `whole.fraction × unit` in nanoseconds, or `nil` on overflow.
    private static func componentValue(whole: ArraySlice<UInt8>, fraction: ArraySlice<UInt8>,
                                       unit: Int64) -> Int64? {
        var value: Int64 = 0
        for digit in whole {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = next
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        guard !fraction.isEmpty else { return scaled }
        // Like Go: the fraction contributes through floating point, truncated toward zero.
        var numerator = 0.0
        var denominator = 1.0
        for digit in fraction.prefix(18) {
            numerator = numerator * 10 + Double(digit - UInt8(ascii: "0"))
            denominator *= 10
        }
        let extra = Int64(numerator * (Double(unit) / denominator))
        let (sum, overflowSum) = scaled.addingReportingOverflow(extra)
        return overflowSum ? nil : sum
    }

    private static func unitNanoseconds(_ unit: ArraySlice<UInt8>) -> Int64? {
        switch String(decoding: unit, as: UTF8.self) {
        case "ns": 1
        case "us", "\u{00B5}s", "\u{03BC}s": 1_000
        case "ms": 1_000_000
        case "s": 1_000_000_000
        case "m": 60_000_000_000
        case "h": 3_600_000_000_000
        default: nil
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
