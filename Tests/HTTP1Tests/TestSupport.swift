import HTTP1
import Testing

/// Parses `text` in one call with a fresh parser.
func parseHead(_ text: String, maxHeaderBytes: Int = 8192, maxHeaderCount: Int = 100) -> HeadParseResult {
    parseHead(Array(text.utf8), maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount)
}

func parseHead(_ bytes: [UInt8], maxHeaderBytes: Int = 8192, maxHeaderCount: Int = 100) -> HeadParseResult {
    var parser = RequestHeadParser(maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount)
    return parser.parse(bytes.span)
}

/// Feeds `bytes` to one parser as a growing buffer, `step` bytes more per call, and returns the first
/// result that is not `.incomplete` (or `.incomplete` when all bytes were fed).
func parseIncrementally(_ bytes: [UInt8], step: Int = 1, maxHeaderBytes: Int = 8192) -> HeadParseResult {
    var parser = RequestHeadParser(maxHeaderBytes: maxHeaderBytes)
    var end = 0
    while end < bytes.count {
        end = min(bytes.count, end + step)
        let result = parser.parse(bytes.span.extracting(0..<end))
        if result != .incomplete { return result }
    }
    return .incomplete
}

/// Decodes a whole chunked body in one call.
func decodeChunked(
    _ text: String, maxChunkLineBytes: Int = 4096, maxTrailerBytes: Int = 16384
) throws(HTTPParseError) -> (output: [UInt8], consumed: Int, done: Bool, decoder: ChunkedDecoder) {
    var decoder = ChunkedDecoder(maxChunkLineBytes: maxChunkLineBytes, maxTrailerBytes: maxTrailerBytes)
    var output: [UInt8] = []
    let bytes = Array(text.utf8)
    let result = try decoder.decode(bytes.span, into: &output, maxOutput: Int.max)
    return (output, result.consumed, result.done, decoder)
}

/// Builds a request from lines joined with CRLF and ending with the empty line.
func request(_ lines: String...) -> String {
    lines.joined(separator: "\r\n") + "\r\n\r\n"
}

extension HeadParseResult {
    var head: RequestHead? {
        if case .complete(let head, _) = self { return head }
        return nil
    }

    var consumed: Int? {
        if case .complete(_, let consumed) = self { return consumed }
        return nil
    }

    var status: Int? {
        if case .failure(let error) = self { return error.status }
        return nil
    }
}

/// A named malformed input and the status it must be rejected with.
struct Rejection: Sendable, CustomTestStringConvertible {
    let name: String
    let input: String
    let status: Int

    init(_ name: String, _ input: String, _ status: Int = 400) {
        self.name = name
        self.input = input
        self.status = status
    }

    var testDescription: String { name }
}
