/// A cursor over header bytes with the small grammar pieces of RFC 9110: tokens, optional
/// whitespace, quoted strings. Used by `HeaderParameters`.
struct ByteScanner {
    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    /// The current byte, or nil at the end.
    func peek() -> UInt8? {
        index < bytes.endIndex ? bytes[index] : nil
    }

    mutating func advance() {
        index += 1
    }

    /// Skips spaces and horizontal tabs.
    mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 { advance() }
    }

    /// The longest run of token characters (possibly empty), as a string.
    mutating func token() -> String {
        let start = index
        while let byte = peek(), Self.isTokenByte(byte) { advance() }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// An unquoted value: bytes up to `;`, whitespace or the end, with no quote or control byte.
    /// Wider than a token so that unquoted boundaries such as `a:b` are still read.
    mutating func bareValue() -> [UInt8] {
        let start = index
        while let byte = peek(), byte != UInt8(ascii: ";"), byte > 0x20, byte != 0x7F, byte != UInt8(ascii: "\"") {
            advance()
        }
        return Array(bytes[start..<index])
    }

    /// A quoted string starting at the current `"`, unescaped; nil when it is unterminated or
    /// holds a control byte other than a tab.
    mutating func quotedString() -> [UInt8]? {
        advance()
        var result: [UInt8] = []
        while let byte = peek() {
            advance()
            switch byte {
            case UInt8(ascii: "\""):
                return result
            case UInt8(ascii: "\\"):
                guard let escaped = peek(), !Self.isControl(escaped) else { return nil }
                advance()
                result.append(escaped)
            case _ where Self.isControl(byte):
                return nil
            default:
                result.append(byte)
            }
        }
        return nil
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// A control byte other than horizontal tab.
    static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }
}
