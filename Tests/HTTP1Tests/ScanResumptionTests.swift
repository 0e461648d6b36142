@testable import HTTP1
import Testing

@Suite struct ScanResumptionTests {
    @Test func reCallsResumeWhereTheLastScanStopped() {
        let bytes = Array(request("GET / HTTP/1.1", "Host: h", "X-Long: " + String(repeating: "v", count: 500)).utf8)
        var parser = RequestHeadParser(maxHeaderBytes: 8192)
        for end in stride(from: 10, to: bytes.count - 4, by: 50) {
            #expect(parser.parse(bytes.span.extracting(0..<end)) == .incomplete)
            #expect(parser.scanOffset == end)
        }
        #expect(parser.parse(bytes.span).consumed == bytes.count)
        parser.reset()
        #expect(parser.scanOffset == 0)
    }

    @Test func scanStartsAfterLeadingEmptyLines() {
        let bytes = Array(("\r\n\r\n" + request("GET / HTTP/1.1", "Host: h")).utf8)
        var parser = RequestHeadParser(maxHeaderBytes: 8192)
        #expect(parser.parse(bytes.span.extracting(0..<4)) == .incomplete)
        #expect(parser.parse(bytes.span.extracting(0..<6)) == .incomplete)
        #expect(parser.scanOffset == 6)
        #expect(parser.parse(bytes.span).consumed == bytes.count)
    }
}
