import Basics
import Logging

/// Formats a record as one JSON object and a newline:
/// `{"ts":"…","level":"info","msg":"…","logger":"…",<metadata…>,"error":"…"}`.
///
/// Metadata keys are sorted; a key that would collide with `ts`, `level`, `msg`, `logger` or
/// `error` is written as `meta.<key>`. Integers, finite floating-point numbers and booleans
/// given as `.stringConvertible` are written as JSON numbers and booleans.
enum JSONLineFormatter {
    static let reservedKeys: Set<String> = ["ts", "level", "msg", "logger", "error"]

    static func format(_ record: LogRecord) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(160 + record.message.utf8.count)
        output.append(contentsOf: #"{"ts":""#.utf8)
        record.timestamp.append(to: &output)
        output.append(contentsOf: #"","level":""#.utf8)
        output.append(contentsOf: record.level.rawValue.utf8)
        output.append(contentsOf: #"","msg":"#.utf8)
        JSONStringEscaper.appendQuoted(record.message.utf8, to: &output)
        output.append(contentsOf: #","logger":"#.utf8)
        JSONStringEscaper.appendQuoted(record.label.utf8, to: &output)
        for key in record.metadata.keys.sorted() {
            output.append(UInt8(ascii: ","))
            let name = reservedKeys.contains(key) ? "meta." + key : key
            JSONStringEscaper.appendQuoted(name.utf8, to: &output)
            output.append(UInt8(ascii: ":"))
            appendValue(record.metadata[key]!, to: &output)
        }
        if let error = record.error {
            output.append(contentsOf: #","error":"#.utf8)
            JSONStringEscaper.appendQuoted(String(describing: error).utf8, to: &output)
        }
        output.append(contentsOf: "}\n".utf8)
        return output
    }

    /// Appends a metadata value as JSON.
    static func appendValue(_ value: Logger.MetadataValue, to output: inout [UInt8]) {
        switch value {
        case .string(let string):
            JSONStringEscaper.appendQuoted(string.utf8, to: &output)
        case .stringConvertible(let convertible):
            switch convertible {
            case let flag as Bool:
                output.append(contentsOf: (flag ? "true" : "false").utf8)
            case let integer as any BinaryInteger:
                output.append(contentsOf: integer.description.utf8)
            case let number as Double where number.isFinite:
                output.append(contentsOf: number.description.utf8)
            case let number as Float where number.isFinite:
                output.append(contentsOf: number.description.utf8)
            default:
                JSONStringEscaper.appendQuoted(convertible.description.utf8, to: &output)
            }
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendValue(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            output.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONStringEscaper.appendQuoted(key.utf8, to: &output)
                output.append(UInt8(ascii: ":"))
                appendValue(dictionary[key]!, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
