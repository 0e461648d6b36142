@testable import Multipart
import Testing

@Suite struct MultipartBoundaryTests {
    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"),
        ("Multipart/Form-Data;BOUNDARY=\"a b'()+_,-./:=?c\"", "a b'()+_,-./:=?c"),
        ("multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", "----WebKitFormBoundary7MA4YWxkTrZu0gW"),
        ("  multipart/form-data ; boundary = x:y", "x:y"),
        ("multipart/form-data; boundary=" + String(repeating: "b", count: 70), String(repeating: "b", count: 70)),
    ])
    func accepts(contentType: String, expected: String) throws {
        #expect(try MultipartBoundary.parse(contentType: contentType).value == expected)
    }

    @Test(arguments: [
        (nil, MultipartError.notMultipart),
        ("", .notMultipart),
        ("application/json", .notMultipart),
        ("multipart/mixed; boundary=abc", .notMultipart),
        ("text/plain; boundary=abc", .notMultipart),
        ("multipart/form-data", .missingBoundary),
        ("multipart/form-data; charset=utf-8", .missingBoundary),
        ("multipart/form-data; boundary=\"\"", .invalidBoundary),
        ("multipart/form-data; boundary=\"abc", .invalidBoundary),
        ("multipart/form-data; boundary=\"abc \"", .invalidBoundary),
        ("multipart/form-data; boundary=a\u{7F}b", .invalidBoundary),
        ("multipart/form-data; boundary=\"a;b\"", .invalidBoundary),
        ("multipart/form-data; boundary=\"é\"", .invalidBoundary),
        ("multipart/form-data; boundary=" + String(repeating: "b", count: 71), .invalidBoundary),
        ("multipart/form-data; boundary=a; boundary=b", .invalidBoundary),
    ] as [(String?, MultipartError)])
    func refuses(contentType: String?, expected: MultipartError) {
        #expect(throws: expected) { try MultipartBoundary.parse(contentType: contentType) }
    }

    @Test func messagesNameTheProblem() {
        #expect(MultipartError.notMultipart.message.contains("multipart/form-data"))
        #expect(MultipartError.missingBoundary.message.contains("boundary"))
        #expect(MultipartError.invalidBoundary.message.contains("boundary"))
    }
}
