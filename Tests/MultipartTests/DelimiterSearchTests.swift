import TestSupport
@testable import Multipart
import Testing

/// The delimiter search (memchr for CR, then a compare in place) against a plain search, and the parser around it
/// where a delimiter is split across reads.
@Suite struct DelimiterSearchTests {
    typealias Support = MultipartTestSupport

    /// The reference: the first full match at or after `start`, else the earliest index from which the rest of the
    /// buffer is a prefix of the pattern.
    static func naive(_ pattern: [UInt8], in buffer: [UInt8], from start: Int) -> DelimiterSearch.Result {
        var index = start
        while index < buffer.count {
            let available = min(pattern.count, buffer.count - index)
            if Array(buffer[index..<(index + available)]) == Array(pattern[0..<available]) {
                return available == pattern.count ? .found(index) : .notFound(safeEnd: index)
            }
            index += 1
        }
        return .notFound(safeEnd: buffer.count)
    }

    @Test func agreesWithAPlainSearchOnCRDenseBuffers() {
        let pattern = Support.bytes("\r\n--ab")
        var generator = SplitMix64(seed: 7)
        let alphabet = Support.bytes("\r\n-ab")
        for _ in 0..<3000 {
            let length = Int(generator.next() % 40)
            let buffer = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let start = length == 0 ? 0 : Int(generator.next() % UInt64(length + 1))
            #expect(DelimiterSearch.find(pattern, in: buffer, from: start) == Self.naive(pattern, in: buffer, from: start),
                    "buffer \(buffer) from \(start)")
        }
    }

    @Test func crAtTheEndOfTheBufferIsKept() {
        let pattern = Support.bytes("\r\n--b")
        #expect(DelimiterSearch.find(pattern, in: Support.bytes("abc\r"), from: 0) == .notFound(safeEnd: 3))
        #expect(DelimiterSearch.find(pattern, in: Support.bytes("abc\r\n-"), from: 0) == .notFound(safeEnd: 3))
        #expect(DelimiterSearch.find(pattern, in: Support.bytes("\r\r\r"), from: 0) == .notFound(safeEnd: 2))
        #expect(DelimiterSearch.find(pattern, in: Support.bytes("abc"), from: 3) == .notFound(safeEnd: 3))
        #expect(DelimiterSearch.find(pattern, in: [], from: 0) == .notFound(safeEnd: 0))
        #expect(DelimiterSearch.find(pattern, in: Support.bytes("x\r\n--b"), from: 1) == .found(1))
    }

    /// A large file full of CR, CRLF and near-delimiters, with the closing delimiter split across two reads at every
    /// offset around it: the content comes through whole.
    @Test func delimiterSplitAtEveryOffsetAfterCRDenseContent() throws {
        var content: [UInt8] = []
        for index in 0..<20_000 {
            content += index % 3 == 0 ? Support.bytes("\r") : index % 3 == 1 ? Support.bytes("\r\n--XyZ-bound") : [UInt8(index % 251)]
        }
        let head = Support.bytes("--XyZ-boundary\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n")
        let tail = Support.bytes("\r\n--XyZ-boundary--\r\n")
        let body = head + content + tail
        let expected: [MultipartEvent] = [.partBegin(name: "f", filename: "a", contentType: nil), .partData(content), .partEnd]
        let closing = head.count + content.count
        for cut in (closing - 20)...(closing + tail.count) {
            #expect(try Support.parse(body, cuts: [cut]) == expected, "cut at \(cut)")
        }
    }

    /// Reads of every small size over CR-dense content: CR lands at the end of many reads.
    @Test func crDenseContentInReadsOfEverySize() throws {
        let content = Array(repeating: Support.bytes("a\r\r\n\r\n-\r\n--XyZ-boundar"), count: 60).flatMap { $0 }
        let body = Support.bytes("--XyZ-boundary\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n") + content
            + Support.bytes("\r\n--XyZ-boundary--")
        let expected: [MultipartEvent] = [.partBegin(name: "f", filename: nil, contentType: nil), .partData(content), .partEnd]
        for size in 1...41 {
            let cuts = Array(stride(from: size, to: body.count, by: size))
            #expect(try Support.parse(body, cuts: cuts) == expected, "reads of \(size)")
        }
    }
}
