import HTTP1
import Testing

@Suite struct ChunkedRejectionTests {
    static let cases: [Rejection] = [
        Rejection("not hex", "x\r\n"),
        Rejection("empty size", "\r\n"),
        Rejection("leading space", " 5\r\nhello\r\n0\r\n\r\n"),
        Rejection("trailing space", "5 \r\nhello\r\n0\r\n\r\n"),
        Rejection("plus sign", "+5\r\nhello\r\n0\r\n\r\n"),
        Rejection("minus sign", "-5\r\nhello\r\n0\r\n\r\n"),
        Rejection("0x prefix", "0x5\r\nhello\r\n0\r\n\r\n"),
        Rejection("17 hex digits", "00000000000000005\r\nhello\r\n0\r\n\r\n"),
        Rejection("overflowing size", "ffffffffffffffff\r\n"),
        Rejection("bare LF after size", "5\nhello\r\n0\r\n\r\n"),
        Rejection("bare CR after size", "5\rhello\r\n0\r\n\r\n"),
        Rejection("data too long", "5\r\nhelloX\r\n0\r\n\r\n"),
        Rejection("data too short", "5\r\nhell\r\n0\r\n\r\n"),
        Rejection("bare LF after data", "5\r\nhello\n0\r\n\r\n"),
        Rejection("bare CR after data", "5\r\nhello\r0\r\n\r\n"),
        Rejection("extension without name", "5;\r\nhello\r\n0\r\n\r\n"),
        Rejection("extension with only value", "5;=v\r\nhello\r\n0\r\n\r\n"),
        Rejection("extension with empty value", "5;a=\r\nhello\r\n0\r\n\r\n"),
        Rejection("space inside extension name", "5;a b\r\nhello\r\n0\r\n\r\n"),
        Rejection("trailing space after extension", "5;a \r\nhello\r\n0\r\n\r\n"),
        Rejection("trailing space after value", "5;a=b \r\nhello\r\n0\r\n\r\n"),
        Rejection("unterminated quoted value", "5;a=\"b\r\nhello\r\n0\r\n\r\n"),
        Rejection("text after quoted value", "5;a=\"b\"c\r\nhello\r\n0\r\n\r\n"),
        Rejection("control character in extension", "5;a=\u{1}\r\nhello\r\n0\r\n\r\n"),
        Rejection("trailer obs-fold", "0\r\nA: b\r\n c\r\n\r\n"),
        Rejection("trailer bare LF", "0\r\nA: b\n\r\n"),
        Rejection("trailer bare LF at the end", "0\r\nA: b\r\n\n"),
        Rejection("trailer bare CR", "0\r\nA: b\rc\r\n\r\n"),
        Rejection("trailer space before colon", "0\r\nA : b\r\n\r\n"),
        Rejection("trailer without colon", "0\r\nAb\r\n\r\n"),
        Rejection("trailer NUL", "0\r\nA: \u{0}\r\n\r\n"),
        Rejection("trailer DEL", "0\r\nA: \u{7F}\r\n\r\n"),
    ]

    @Test(arguments: cases)
    func rejected(_ rejection: Rejection) {
        #expect(throws: HTTPParseError.self) { try decodeChunked(rejection.input) }
        #expect(status(oneByteAtATime: rejection.input) == 400)
    }

    @Test func chunkLineLongerThanTheLimit() {
        let line = "5;e=" + String(repeating: "v", count: 27) + "\r\n"
        #expect(throws: HTTPParseError(status: 400, reason: "chunk line too long")) {
            try decodeChunked(line + "hello\r\n0\r\n\r\n", maxChunkLineBytes: 32)
        }
    }

    @Test func trailersLargerThanTheLimit() throws {
        let trailer = "X: " + String(repeating: "v", count: 100) + "\r\n"
        #expect(try decodeChunked("0\r\n" + trailer + "\r\n", maxTrailerBytes: 107).done)
        #expect(throws: HTTPParseError.self) {
            try decodeChunked("0\r\n" + trailer + "\r\n", maxTrailerBytes: 106)
        }
    }

    @Test func endlessTrailerLineIsStoppedByTheLimit() {
        let endless = "0\r\nX: " + String(repeating: "v", count: 20000)
        #expect(throws: HTTPParseError.self) { try decodeChunked(endless) }
    }

    /// The status thrown when `text` is fed one byte per call, or nil when no error is thrown.
    private func status(oneByteAtATime text: String) -> Int? {
        let bytes = Array(text.utf8)
        var decoder = ChunkedDecoder()
        var output: [UInt8] = []
        do {
            for index in bytes.indices {
                _ = try decoder.decode(bytes.span.extracting(index..<(index + 1)), into: &output, maxOutput: .max)
            }
        } catch {
            return error.status
        }
        return nil
    }
}
