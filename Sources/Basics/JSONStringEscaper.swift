/// Escapes text for a JSON string (RFC 8259), and keeps it on one line.
///
/// Escaped: `"` and `\`, every C0 control (`\n`, `\r`, `\t`, `\b`, `\f`, others `\u00XX`),
/// DEL, the C1 controls U+0080…U+009F (terminal escape injection) and U+2028/U+2029 (line
/// breaks for JavaScript). Other valid UTF-8 passes through; each maximal invalid UTF-8
/// subsequence (stray continuation bytes, truncated or overlong sequences, surrogates, code
/// points above U+10FFFF) becomes `\ufffd`. With `htmlSafe`, `<`, `>` and `&` are escaped too, so JSON embedded
/// in HTML stays inert. This is the one JSON string escaper: log lines and response bodies both use it.
public enum JSONStringEscaper {
    /// Appends `bytes` as a quoted JSON string.
    public static func appendQuoted(_ bytes: some Collection<UInt8>, to output: inout [UInt8], htmlSafe: Bool = false) {
        output.append(UInt8(ascii: "\""))
        appendEscaped(bytes, to: &output, htmlSafe: htmlSafe)
        output.append(UInt8(ascii: "\""))
    }

    /// Appends `string` as a quoted JSON string; plain printable ASCII (most names, labels, ids) is copied whole.
    public static func appendQuoted(_ string: String, to output: inout [UInt8], htmlSafe: Bool = false) {
        guard isPlain(string.utf8, htmlSafe: htmlSafe) else {
            return appendQuoted(string.utf8, to: &output, htmlSafe: htmlSafe)
        }
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: string.utf8)
        output.append(UInt8(ascii: "\""))
    }

    /// Appends `bytes` escaped, without surrounding quotes. With `escapeQuotes: false`, `"`
    /// is left as is (for the text log format); everything else is escaped the same way.
    public static func appendEscaped(_ bytes: some Collection<UInt8>, to output: inout [UInt8],
                                     escapeQuotes: Bool = true, htmlSafe: Bool = false) {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte < 0x80 {
                appendASCII(byte, to: &output, escapeQuotes: escapeQuotes, htmlSafe: htmlSafe)
                index = bytes.index(after: index)
                continue
            }
            let (length, scalar) = UTF8Decoding.decode(bytes, at: index)
            let end = bytes.index(index, offsetBy: length)
            switch scalar {
            case nil:
                output.append(contentsOf: #"\ufffd"#.utf8)
            case let value? where (0x80...0x9F).contains(value) || value == 0x2028 || value == 0x2029:
                appendUnicodeEscape(value, to: &output)
            default:
                output.append(contentsOf: bytes[index..<end])
            }
            index = end
        }
    }

    /// `string` as a quoted JSON string.
    public static func quoted(_ string: String, htmlSafe: Bool = false) -> String {
        // Most text (names, help lines, ids) is printable ASCII with nothing to escape: then it is the text itself.
        if isPlain(string.utf8, htmlSafe: htmlSafe) { return "\"" + string + "\"" }
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count + 2)
        appendQuoted(string.utf8, to: &output, htmlSafe: htmlSafe)
        return String(decoding: output, as: UTF8.self)
    }

    /// True when every byte is printable ASCII that `appendASCII` would copy as it is.
    private static func isPlain(_ bytes: String.UTF8View, htmlSafe: Bool) -> Bool {
        if let plain = bytes.withContiguousStorageIfAvailable({ isPlain($0, htmlSafe: htmlSafe) }) { return plain }
        return isPlain(Array(bytes), htmlSafe: htmlSafe)
    }

    private static func isPlain(_ bytes: some Sequence<UInt8>, htmlSafe: Bool) -> Bool {
        for byte in bytes {
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { return false }
            if htmlSafe, byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") { return false }
        }
        return true
    }

    private static func appendASCII(_ byte: UInt8, to output: inout [UInt8], escapeQuotes: Bool, htmlSafe: Bool) {
        switch byte {
        case UInt8(ascii: "<") where htmlSafe, UInt8(ascii: ">") where htmlSafe, UInt8(ascii: "&") where htmlSafe:
            appendUnicodeEscape(UInt32(byte), to: &output)
        case UInt8(ascii: "\"") where escapeQuotes: output.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
        case UInt8(ascii: "\n"): output.append(contentsOf: #"\n"#.utf8)
        case UInt8(ascii: "\r"): output.append(contentsOf: #"\r"#.utf8)
        case UInt8(ascii: "\t"): output.append(contentsOf: #"\t"#.utf8)
        case 0x08: output.append(contentsOf: #"\b"#.utf8)
        case 0x0C: output.append(contentsOf: #"\f"#.utf8)
        case 0..<0x20, 0x7F: appendUnicodeEscape(UInt32(byte), to: &output)
        default: output.append(byte)
        }
    }

    /// `\uXXXX` with lowercase hex (only used for code points below U+10000).
    private static func appendUnicodeEscape(_ value: UInt32, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(contentsOf: #"\u"#.utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hex[Int(value >> UInt32(shift) & 0xF)])
        }
    }
}
