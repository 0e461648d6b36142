/// Serializes response heads and chunked body framing into an output byte buffer.
public enum ResponseWriter {
    /// Appends "HTTP/1.1 <status> <reason>\r\n" + headers + "\r\n" to `buffer`. Header names/values containing CR, LF
    /// or NUL must never reach the wire (response splitting): such a header is dropped, as is one whose name is not
    /// a token.
    public static func writeHead(status: Int, headers: HTTPHeaders, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status, to: &buffer)
        buffer.append(ASCII.space)
        buffer.append(contentsOf: reasonPhrase(status).utf8)
        buffer.append(ASCII.cr)
        buffer.append(ASCII.lf)
        for (name, value) in headers where isSafeName(name) && isSafeValue(value) {
            buffer.append(contentsOf: name.utf8)
            buffer.append(ASCII.colon)
            buffer.append(ASCII.space)
            buffer.append(contentsOf: value.utf8)
            buffer.append(ASCII.cr)
            buffer.append(ASCII.lf)
        }
        buffer.append(ASCII.cr)
        buffer.append(ASCII.lf)
    }

    /// Appends one chunk: hex size CRLF data CRLF. Nothing for empty data (that would end the body).
    public static func writeChunk(_ bytes: [UInt8], into buffer: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        appendHex(bytes.count, to: &buffer)
        buffer.append(ASCII.cr)
        buffer.append(ASCII.lf)
        buffer.append(contentsOf: bytes)
        buffer.append(ASCII.cr)
        buffer.append(ASCII.lf)
    }

    /// Appends the last chunk and the empty trailer section: "0\r\n\r\n".
    public static func writeLastChunk(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "0\r\n\r\n".utf8)
    }

    private static func isSafeName(_ name: String) -> Bool {
        let bytes = name.utf8.span
        guard !bytes.isEmpty else { return false }
        for index in bytes.indices where !ASCII.isTokenChar(bytes[index]) {
            return false
        }
        return true
    }

    private static func isSafeValue(_ value: String) -> Bool {
        let bytes = value.utf8.span
        for index in bytes.indices {
            let byte = bytes[index]
            if byte <= ASCII.cr, byte == ASCII.cr || byte == ASCII.lf || byte == 0 { return false }
        }
        return true
    }

    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        if (100...999).contains(value) {
            buffer.append(ASCII.zero + UInt8(value / 100))
            buffer.append(ASCII.zero + UInt8(value / 10 % 10))
            buffer.append(ASCII.zero + UInt8(value % 10))
        } else if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            appendDigits(value.magnitude, radix: 10, to: &buffer)
        } else {
            appendDigits(UInt(value), radix: 10, to: &buffer)
        }
    }

    static func appendHex(_ value: Int, to buffer: inout [UInt8]) {
        appendDigits(UInt(value), radix: 16, to: &buffer)
    }

    private static func appendDigits(_ value: UInt, radix: UInt, to buffer: inout [UInt8]) {
        var divisor: UInt = 1
        while value / divisor >= radix { divisor *= radix }
        var rest = value
        while divisor > 0 {
            let digit = UInt8(rest / divisor)
            buffer.append(digit < 10 ? ASCII.zero + digit : UInt8(ascii: "a") + digit - 10)
            rest %= divisor
            divisor /= radix
        }
    }
}
