import Compression
import Testing

@Suite("Compression policy")
struct CompressionPolicyTests {
    /// A response that should be compressed; each test changes one thing.
    static func decide(method: String = "GET", isHTTP10: Bool = false, status: Int = 200,
                       contentType: String? = "application/json", contentEncoding: String? = nil,
                       bodyCount: Int = 5000, minBytes: Int = 1024) -> Bool {
        CompressionPolicy.shouldCompress(method: method, isHTTP10: isHTTP10, status: status,
                                         contentType: contentType, contentEncoding: contentEncoding,
                                         bodyCount: bodyCount, minBytes: minBytes)
    }

    @Test("the baseline response is compressed")
    func baseline() {
        #expect(Self.decide())
        #expect(Self.decide(method: "POST"))
    }

    @Test("HEAD and HTTP/1.0 are skipped")
    func methodAndVersion() {
        #expect(!Self.decide(method: "HEAD"))
        #expect(!Self.decide(isHTTP10: true))
    }

    @Test("only 2xx other than 204, 205 and 206", arguments: [
        (200, true), (201, true), (202, true), (203, true), (299, true),
        (204, false), (205, false), (206, false),
        (100, false), (199, false), (300, false), (301, false), (304, false),
        (400, false), (404, false), (500, false), (503, false), (0, false), (-200, false), (Int.max, false),
    ])
    func statuses(status: Int, expected: Bool) {
        #expect(Self.decide(status: status) == expected)
    }

    @Test("bodies below the minimum, and empty bodies, are skipped")
    func sizes() {
        #expect(!Self.decide(bodyCount: 1023))
        #expect(Self.decide(bodyCount: 1024))
        #expect(!Self.decide(bodyCount: 0, minBytes: 0))
        #expect(Self.decide(bodyCount: 1, minBytes: 0))
        #expect(!Self.decide(bodyCount: -1, minBytes: -5))
    }

    @Test("an existing Content-Encoding other than identity is left alone", arguments: [
        (nil, true), ("", true), ("identity", true), (" Identity ", true),
        ("gzip", false), ("br", false), ("deflate", false), ("gzip, identity", false), ("x-anything", false),
    ] as [(String?, Bool)])
    func existingEncoding(encoding: String?, expected: Bool) {
        #expect(Self.decide(contentEncoding: encoding) == expected)
    }

    @Test("compressible content types", arguments: [
        "text/html", "text/plain; charset=utf-8", "text/css", "text/csv", "TEXT/HTML",
        "application/json", "application/json; charset=utf-8", "Application/JSON",
        "application/javascript", "application/xml", "application/problem+json",
        "application/ld+json", "application/atom+xml", "application/xhtml+xml",
        "image/svg+xml", "application/x-ndjson", "application/wasm", " text/html ; charset=utf-8",
        "font/ttf",
    ])
    func compressibleTypes(contentType: String) {
        #expect(Self.decide(contentType: contentType))
    }

    @Test("types that are already compressed, unknown or malformed are skipped", arguments: [
        nil, "", " ", "text", "json", "/", "text/", "/json", "text/html/extra", "text /html",
        "audio/mpeg", "audio/wav", "video/mp4", "image/png", "image/jpeg", "image/gif", "image/webp",
        "image/svg", "application/zip", "application/gzip", "application/x-gzip",
        "application/octet-stream", "application/pdf", "font/woff2", "font/woff",
        "application/x-7z-compressed", "multipart/form-data; boundary=x", "text/event-stream",
        "application/jsonx", "audio/x+xml", "text/h\u{0}tml", "täxt/html",
    ] as [String?])
    func skippedTypes(contentType: String?) {
        #expect(!Self.decide(contentType: contentType))
    }
}
