import Compression
import Testing

@Suite("Accept-Encoding negotiation")
struct AcceptEncodingTests {
    @Test("plain lists, case and whitespace", arguments: [
        (nil, nil),
        ("", nil),
        ("   ", nil),
        ("gzip", .gzip),
        ("deflate", .deflate),
        ("GZIP", .gzip),
        ("Deflate", .deflate),
        ("gzip, deflate, br", .gzip),
        ("br, deflate", .deflate),
        ("br, zstd", nil),
        (" \t gzip \t ", .gzip),
        ("deflate,gzip", .gzip),
        (",,, ,gzip,,", .gzip),
        ("compress, identity", nil),
    ] as [(String?, ContentCoding?)])
    func lists(header: String?, expected: ContentCoding?) {
        #expect(AcceptEncoding.negotiate(header) == expected)
    }

    @Test("q-values pick the preferred coding; gzip wins ties", arguments: [
        ("gzip;q=0.5, deflate", .deflate),
        ("gzip;q=0.5, deflate;q=0.4", .gzip),
        ("deflate;q=0.8, gzip;q=0.8", .gzip),
        ("deflate, gzip", .gzip),
        ("gzip;q=1.0, deflate;q=1", .gzip),
        ("gzip;q=0.001", .gzip),
        ("gzip;q=0.001, deflate;q=0.002", .deflate),
        ("gzip;q=1.000", .gzip),
        ("gzip;q=1.", .gzip),
        ("gzip;q=0.", nil),
        ("gzip ; q=0.5", .gzip),
        ("gzip;Q=0.5", .gzip),
        ("gzip;\tq = 0.7 ", .gzip),
        ("deflate;q=0.5, gzip;q=0", .deflate),
    ] as [(String, ContentCoding?)])
    func weights(header: String, expected: ContentCoding?) {
        #expect(AcceptEncoding.negotiate(header) == expected)
    }

    @Test("q=0, *, identity and x-gzip", arguments: [
        ("gzip;q=0", nil),
        ("gzip;q=0.000, deflate;q=0", nil),
        ("*", .gzip),
        ("*;q=0.5", .gzip),
        ("*;q=0", nil),
        ("*;q=0, gzip", .gzip),
        ("*;q=0, deflate;q=0.1", .deflate),
        ("gzip;q=0, *", .deflate),
        ("gzip;q=0.5, *", .deflate),
        ("*, gzip;q=0.5", .deflate),
        ("identity", nil),
        ("identity;q=0", nil),
        ("identity;q=0, gzip", .gzip),
        ("gzip;q=0.5, identity", nil),
        ("gzip, identity;q=0.5", .gzip),
        ("gzip;q=0.5, identity;q=0.5", .gzip),
        ("x-gzip", .gzip),
        ("X-GZIP;q=0.9, deflate;q=0.8", .gzip),
        ("x-gzip;q=0, gzip", nil),
        ("gzip, gzip;q=0", nil),
        ("deflate, x-gzip", .gzip),
    ] as [(String, ContentCoding?)])
    func wildcardsAndIdentity(header: String, expected: ContentCoding?) {
        #expect(AcceptEncoding.negotiate(header) == expected)
    }

    @Test("a malformed element counts as absent and never selects", arguments: [
        ("gzip;q=2", nil),
        ("gzip;q=1.5", nil),
        ("gzip;q=1.001", nil),
        ("gzip;q=abc", nil),
        ("gzip;q=0.1234", nil),
        ("gzip;q=-0.5", nil),
        ("gzip;q=+1", nil),
        ("gzip;q=.5", nil),
        ("gzip;q=", nil),
        ("gzip;q", nil),
        ("gzip;", nil),
        ("gzip;level=1", nil),
        ("gzip;q=0.5;q=1", nil),
        ("gzip;q=\"1\"", nil),
        ("gzip;q=1e0", nil),
        ("gzip deflate", nil),
        ("gz ip", nil),
        ("gzip\u{0}", nil),
        ("gzip\r\n", nil),
        ("gzip\u{7F}", nil),
        ("gzïp", nil),
        ("\"gzip\"", nil),
        ("=gzip", nil),
        (";q=1", nil),
        ("gzip;q=2, deflate", .deflate),
        ("gzip;q=abc, deflate;q=0.1", .deflate),
        ("gzip;q=0.1234, *;q=0.5", .gzip),
        ("deflate;q=9, gzip\u{1}, *;q=0", nil),
        ("identity;q=oops, gzip;q=0.5", .gzip),
    ] as [(String, ContentCoding?)])
    func malformed(header: String, expected: ContentCoding?) {
        #expect(AcceptEncoding.negotiate(header) == expected)
    }

    @Test("very long hostile headers finish and decide correctly")
    func hostile() {
        let megabyte = 1 << 20
        #expect(AcceptEncoding.negotiate(String(repeating: ",", count: megabyte)) == nil)
        #expect(AcceptEncoding.negotiate(String(repeating: " ", count: megabyte) + "gzip") == .gzip)
        #expect(AcceptEncoding.negotiate(String(repeating: "a", count: megabyte)) == nil)
        #expect(AcceptEncoding.negotiate(String(repeating: "gzip;q=0.5,", count: 100_000) + "deflate;q=0.6") == .deflate)
        #expect(AcceptEncoding.negotiate("gzip;q=0." + String(repeating: "0", count: megabyte)) == nil)
        #expect(AcceptEncoding.negotiate("gzip;q=" + String(repeating: "1", count: megabyte) + ", deflate") == .deflate)
        #expect(AcceptEncoding.negotiate(String(repeating: "x-custom-coding;q=1, ", count: 50_000) + "gzip") == .gzip)
        #expect(AcceptEncoding.negotiate(String(repeating: ";", count: megabyte) + ",deflate") == .deflate)
        #expect(AcceptEncoding.negotiate(String(repeating: "\u{1F600}", count: 100_000) + ",gzip") == .gzip)
        let ascii = TestBytes.random(megabyte).map { $0 & 0x7F }
        let noise = String(decoding: ascii, as: UTF8.self)
        // Whatever the noise says, explicit q=0 elements exclude every coding (the lowest weight wins).
        #expect(AcceptEncoding.negotiate(noise + ",*;q=0,gzip;q=0,deflate;q=0") == nil)
        let oneElement = String(decoding: ascii.filter { $0 != UInt8(ascii: ",") }, as: UTF8.self)
        #expect(AcceptEncoding.negotiate(oneElement + ",deflate") == .deflate)
    }
}
