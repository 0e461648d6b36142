@testable import Multipart
import Testing

@Suite struct MultipartHeaderTests {
    typealias Support = MultipartTestSupport

    private func begin(_ disposition: String, extra: [String] = []) throws -> MultipartEvent? {
        try Support.parse(Support.body(headers: ["Content-Disposition: " + disposition] + extra)).first
    }

    @Test func quotedNamesWithEscapes() throws {
        #expect(try begin(#"form-data; name="a\"b\\c""#) == .partBegin(name: #"a"b\c"#, filename: nil, contentType: nil))
    }

    @Test func tokenNamesCaseInsensitiveParametersAndWhitespace() throws {
        #expect(try begin("Form-Data ;NAME=lang ;  FileName = \"x.wav\" ;") ==
            .partBegin(name: "lang", filename: "x.wav", contentType: nil))
    }

    @Test func emptyFilenameStillMarksAFile() throws {
        #expect(try begin(#"form-data; name="audio"; filename="""#) == .partBegin(name: "audio", filename: "", contentType: nil))
    }

    @Test func rawUTF8FilenameIsKept() throws {
        #expect(try begin(#"form-data; name="f"; filename="naïve €.wav""#) ==
            .partBegin(name: "f", filename: "naïve €.wav", contentType: nil))
    }

    @Test(arguments: [
        (#"form-data; name="f"; filename*=UTF-8''%E2%82%AC%20rates.wav"#, "€ rates.wav"),
        (#"form-data; name="f"; filename="fallback.wav"; filename*=utf-8'en'na%C3%AFve.wav"#, "naïve.wav"),
        (#"form-data; name="f"; filename*=ISO-8859-1''%E9t%E9.wav"#, "été.wav"),
    ])
    func extendedFilename(disposition: String, expected: String) throws {
        #expect(try begin(disposition) == .partBegin(name: "f", filename: expected, contentType: nil))
    }

    @Test(arguments: [
        #"form-data; name="f"; filename*=UTF-8''%E2%82"#, // not UTF-8
        #"form-data; name="f"; filename*=UTF-8''%G1"#, // bad hex
        #"form-data; name="f"; filename*=UTF-8''%4"#, // short escape
        #"form-data; name="f"; filename*=UTF-8''a b"#, // bare value stops at space
        #"form-data; name="f"; filename*=KOI8-R''abc"#, // unknown charset
        #"form-data; name="f"; filename*=abc"#, // no quotes
    ])
    func malformedExtendedFilename(disposition: String) {
        guard case .malformedPartHeaders = Support.error(Support.body(headers: ["Content-Disposition: " + disposition])) else {
            Issue.record("accepted \(disposition)")
            return
        }
    }

    @Test func contentTypeIsTrimmed() throws {
        #expect(try begin("form-data; name=a; filename=b", extra: ["content-type:   audio/ogg  "]) ==
            .partBegin(name: "a", filename: "b", contentType: "audio/ogg"))
    }

    @Test func unknownHeadersAreIgnored() throws {
        #expect(try begin("form-data; name=a", extra: ["X-Whatever: 1", "Content-Transfer-Encoding: binary"]) ==
            .partBegin(name: "a", filename: nil, contentType: nil))
    }

    @Test(arguments: [
        [String](), // no headers at all
        ["Content-Type: text/plain"], // no Content-Disposition
        ["Content-Disposition: attachment; name=a"],
        ["Content-Disposition: form-data"],
        ["Content-Disposition: form-data; name=\"\""],
        ["Content-Disposition: form-data; name=a", "Content-Disposition: form-data; name=b"],
        ["Content-Disposition: form-data; name=a; name=b"],
        ["Content-Disposition: form-data; name=\"a"],
        ["Content-Disposition: form-data; name="],
        ["Content-Disposition: form-data; name=a b"],
        ["Content-Disposition: form-data; =a"],
        ["Content-Disposition: form-data; name=\"a\u{01}\""],
        ["Content-Disposition form-data; name=a"],
        [" Content-Disposition: form-data; name=a"],
        ["Content-Disposition: form-data;", "  name=a"], // folded
        ["Bad Name: 1", "Content-Disposition: form-data; name=a"],
        ["Content-Disposition: form-data; name=a\nX: y"], // bare LF
        ["Content-Disposition: form-data; name=a\rX: y"], // bare CR
    ])
    func badHeadersAreRefused(headers: [String]) {
        let error = Support.error(Support.body(headers: headers))
        guard case .malformedPartHeaders(let reason) = error else {
            Issue.record("expected malformedPartHeaders for \(headers), got \(String(describing: error))")
            return
        }
        #expect(!reason.isEmpty)
        #expect(error?.message.hasPrefix("malformed multipart part headers") == true)
    }

    @Test func invalidUTF8InHeaderIsRefused() {
        var body = Support.bytes("--XyZ-boundary\r\nContent-Disposition: form-data; name=\"")
        body += [0xC3, 0x28]
        body += Support.bytes("\"\r\n\r\nx\r\n--XyZ-boundary--")
        guard case .malformedPartHeaders = Support.error(body) else {
            Issue.record("accepted invalid UTF-8")
            return
        }
    }

    @Test func headerBlockLimitIsExact() throws {
        let disposition = "Content-Disposition: form-data; name=a"
        let limit = disposition.utf8.count + 2 + 10 // the line, its CRLF and a 10-byte header
        let fitting = Support.body(headers: [disposition, "X: 1234567"])
        #expect(try Support.parse(fitting, limits: MultipartLimits(maxPartHeaderBytes: limit)).count == 3)
        let tooBig = Support.body(headers: [disposition, "X: 12345678"])
        #expect(Support.error(tooBig, limits: MultipartLimits(maxPartHeaderBytes: limit)) == .partHeadersTooLarge(limit: limit))
    }

    @Test func endlessHeaderIsCutAtTheLimit() throws {
        var parser = try Support.parser(limits: MultipartLimits(maxPartHeaderBytes: 8192))
        _ = try parser.feed(Support.bytes("--XyZ-boundary\r\nX: "))
        #expect(throws: MultipartError.partHeadersTooLarge(limit: 8192)) {
            for _ in 0..<100 { _ = try parser.feed([UInt8](repeating: UInt8(ascii: "a"), count: 1000)) }
        }
    }
}
