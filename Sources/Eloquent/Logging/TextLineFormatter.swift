import Basics
import Logging

/// Formats a record as one readable line:
/// `2026-11-29T08:00:00.123Z INFO     [label] message key=value key="two words" error="…"`.
///
/// Control characters never break the line: they are escaped as in JSON. Metadata values are
/// bare when made of safe characters, quoted otherwise; arrays and dictionaries are JSON.
enum TextLineFormatter {
    static func format(_ record: LogRecord) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(120 + record.message.utf8.count)
        record.timestamp.append(to: &output)
        output.append(UInt8(ascii: " "))
        let level = record.level.rawValue.uppercased()
        output.append(contentsOf: level.utf8)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(1, 9 - level.utf8.count)))
        output.append(UInt8(ascii: "["))
        JSONStringEscaper.appendEscaped(record.label.utf8, to: &output, escapeQuotes: false)
        output.append(contentsOf: "] ".utf8)
        JSONStringEscaper.appendEscaped(record.message.utf8, to: &output, escapeQuotes: false)
        for key in record.metadata.keys.sorted() {
            output.append(UInt8(ascii: " "))
            JSONStringEscaper.appendEscaped(key.utf8, to: &output, escapeQuotes: false)
            output.append(UInt8(ascii: "="))
            appendValue(record.metadata[key]!, to: &output)
        }
        if let error = record.error {
            output.append(contentsOf: " error=".utf8)
            appendValue(.string(String(describing: error)), to: &output)
        }
        output.append(UInt8(ascii: "\n"))
        return output
    }

    private static func appendValue(_ value: Logger.MetadataValue, to output: inout [UInt8]) {
        let text: String
        switch value {
        case .string(let string): text = string
        case .stringConvertible(let convertible): text = convertible.description
        case .array, .dictionary:
            JSONLineFormatter.appendValue(value, to: &output)
            return
        }
        if !text.isEmpty, text.utf8.allSatisfy(isBare) {
            output.append(contentsOf: text.utf8)
        } else {
            JSONStringEscaper.appendQuoted(text.utf8, to: &output)
        }
    }

    private static func isBare(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "+"): true
        default: false
        }
    }
}
