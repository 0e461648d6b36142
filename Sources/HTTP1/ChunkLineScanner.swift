/// Byte-at-a-time reader of one chunk line: `chunk-size *( BWS ";" BWS ext-name [ BWS "=" BWS ext-value ] ) CRLF`
/// (RFC 9112 §7.1.1). Extensions are validated and ignored.
struct ChunkLineScanner: Sendable {
    private enum Phase: Sendable {
        case size, sizeWhitespace
        case extensionStart, extensionName, extensionNameWhitespace
        case valueStart, valueToken, quoted, quotedEscape, valueEnd, valueWhitespace
        case lineFeed
    }

    /// 16 hex digits fill a UInt64; the size must also fit in an Int.
    static let maxSizeDigits = 16

    private var phase = Phase.size
    private var digits = 0
    private var size: UInt64 = 0
    private var length = 0

    mutating func reset() {
        self = ChunkLineScanner()
    }

    /// Consumes one byte; returns the chunk size once the line's final LF has been consumed.
    mutating func feed(_ byte: UInt8, maxLineBytes: Int) throws(HTTPParseError) -> Int? {
        length += 1
        guard length <= maxLineBytes else { throw .badRequest("chunk line too long") }
        switch phase {
        case .size:
            if let value = ASCII.hexValue(byte) {
                digits += 1
                guard digits <= Self.maxSizeDigits else { throw .badRequest("chunk size too large") }
                size = size << 4 | value
                return nil
            }
            guard digits > 0 else { throw .badRequest("invalid chunk size") }
            try afterSize(byte)
        case .sizeWhitespace, .valueWhitespace:
            try expectSemicolon(byte)
        case .extensionStart:
            if ASCII.isWhitespace(byte) { return nil }
            guard ASCII.isTokenChar(byte) else { throw .badRequest("invalid chunk extension") }
            phase = .extensionName
        case .extensionName:
            if ASCII.isTokenChar(byte) { return nil }
            try afterExtensionName(byte)
        case .extensionNameWhitespace:
            if byte == ASCII.equals { phase = .valueStart } else { try expectSemicolon(byte) }
        case .valueStart:
            if ASCII.isWhitespace(byte) { return nil }
            if byte == ASCII.quote {
                phase = .quoted
            } else if ASCII.isTokenChar(byte) {
                phase = .valueToken
            } else {
                throw .badRequest("invalid chunk extension value")
            }
        case .valueToken:
            if ASCII.isTokenChar(byte) { return nil }
            try afterValue(byte)
        case .quoted:
            try quoted(byte)
        case .quotedEscape:
            guard ASCII.isFieldValueByte(byte) else { throw .badRequest("invalid quoted-pair") }
            phase = .quoted
        case .valueEnd:
            try afterValue(byte)
        case .lineFeed:
            guard byte == ASCII.lf else { throw .badRequest("bare CR in chunk line") }
            guard size <= UInt64(Int.max) else { throw .badRequest("chunk size too large") }
            return Int(size)
        }
        return nil
    }

    private mutating func afterSize(_ byte: UInt8) throws(HTTPParseError) {
        switch byte {
        case ASCII.cr: phase = .lineFeed
        case ASCII.semicolon: phase = .extensionStart
        case ASCII.space, ASCII.tab: phase = .sizeWhitespace
        default: throw .badRequest("invalid chunk size")
        }
    }

    private mutating func afterExtensionName(_ byte: UInt8) throws(HTTPParseError) {
        switch byte {
        case ASCII.cr: phase = .lineFeed
        case ASCII.semicolon: phase = .extensionStart
        case ASCII.equals: phase = .valueStart
        case ASCII.space, ASCII.tab: phase = .extensionNameWhitespace
        default: throw .badRequest("invalid chunk extension")
        }
    }

    private mutating func afterValue(_ byte: UInt8) throws(HTTPParseError) {
        switch byte {
        case ASCII.cr: phase = .lineFeed
        case ASCII.semicolon: phase = .extensionStart
        case ASCII.space, ASCII.tab: phase = .valueWhitespace
        default: throw .badRequest("invalid chunk extension value")
        }
    }

    /// BWS is only allowed before another ';' (or '=' after a name): trailing whitespace is an error.
    private mutating func expectSemicolon(_ byte: UInt8) throws(HTTPParseError) {
        if ASCII.isWhitespace(byte) { return }
        guard byte == ASCII.semicolon else { throw .badRequest("whitespace in chunk line") }
        phase = .extensionStart
    }

    /// qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text, plus quoted-pair.
    private mutating func quoted(_ byte: UInt8) throws(HTTPParseError) {
        switch byte {
        case ASCII.quote: phase = .valueEnd
        case ASCII.backslash: phase = .quotedEscape
        default:
            guard ASCII.isFieldValueByte(byte) else { throw .badRequest("invalid quoted-string") }
        }
    }
}
