import HTTP1
import Testing

@Suite struct LimitTests {
    /// A request whose head is exactly `size` bytes long.
    static func head(ofSize size: Int) -> [UInt8] {
        let prefix = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: "
        let suffix = "\r\n\r\n"
        let padding = size - prefix.utf8.count - suffix.utf8.count
        return Array((prefix + String(repeating: "a", count: padding) + suffix).utf8)
    }

    @Test func headOfExactlyMaxBytesIsAccepted() {
        let bytes = Self.head(ofSize: 200)
        #expect(bytes.count == 200)
        #expect(parseHead(bytes, maxHeaderBytes: 200).consumed == 200)
    }

    @Test func headOneByteOverMaxIsRejected() {
        let bytes = Self.head(ofSize: 201)
        #expect(parseHead(bytes, maxHeaderBytes: 200).status == 431)
        #expect(parseIncrementally(bytes, maxHeaderBytes: 200).status == 431)
    }

    @Test func unfinishedHeadIsRejectedOnceItReachesTheLimit() {
        let bytes = Array(Self.head(ofSize: 300).prefix(200))
        #expect(parseHead(Array(bytes.prefix(199)), maxHeaderBytes: 200) == .incomplete)
        #expect(parseHead(bytes, maxHeaderBytes: 200).status == 431)
    }

    @Test func endingCRLFMissingItsLastByteAtTheLimit() {
        let bytes = Self.head(ofSize: 200)
        #expect(parseHead(Array(bytes.prefix(199)), maxHeaderBytes: 199).status == 431)
        #expect(parseHead(Array(bytes.prefix(199)), maxHeaderBytes: 200) == .incomplete)
    }

    @Test func leadingEmptyLinesDoNotCountTowardTheLimit() {
        let bytes = Array("\r\n\r\n".utf8) + Self.head(ofSize: 100)
        #expect(parseHead(bytes, maxHeaderBytes: 100).consumed == 104)
    }

    @Test func bodyBytesAfterTheHeadDoNotCount() {
        let bytes = Self.head(ofSize: 100) + Array(repeating: UInt8(ascii: "b"), count: 1000)
        #expect(parseHead(bytes, maxHeaderBytes: 100).consumed == 100)
    }

    static func request(fieldCount: Int) -> String {
        var text = "GET / HTTP/1.1\r\nHost: h\r\n"
        for index in 1..<fieldCount { text += "X-\(index): v\r\n" }
        return text + "\r\n"
    }

    @Test func exactlyMaxHeaderCountIsAccepted() {
        #expect(parseHead(Self.request(fieldCount: 100)).head?.headers.count == 100)
        #expect(parseHead(Self.request(fieldCount: 3), maxHeaderCount: 3).head?.headers.count == 3)
    }

    @Test func oneFieldOverMaxHeaderCountIsRejected() {
        #expect(parseHead(Self.request(fieldCount: 101)).status == 431)
        #expect(parseHead(Self.request(fieldCount: 4), maxHeaderCount: 3).status == 431)
    }
}
