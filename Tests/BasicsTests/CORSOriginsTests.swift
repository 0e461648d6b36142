@testable import Basics
import Testing

@Suite struct CORSOriginsTests {
    @Test(arguments: [
        ("https://app.example.com", "https://app.example.com"), ("HTTPS://APP.example.com/", "https://app.example.com"),
        ("https://app.example.com:443", "https://app.example.com"), ("http://localhost:80", "http://localhost"),
        ("http://localhost:5173", "http://localhost:5173"), ("app://desktop", "app://desktop"),
        ("tauri://localhost", "tauri://localhost"), ("http://[::1]:3000", "http://[::1]:3000"),
        ("chrome-extension://abcdef", "chrome-extension://abcdef"),
    ])
    func normalizesOrigins(text: String, origin: String) {
        #expect(CORSOrigins.normalize(text) == origin)
    }

    @Test(arguments: [
        "*", "", "null", "app.example.com", "https://", "https://a.com/path", "https://a.com//", "https://a.com?x",
        "https://user@a.com", "1http://a.com", "ht tp://a.com", "https://a.com:99999", "https://a b.com",
    ])
    func refusesNonOrigins(text: String) {
        #expect(CORSOrigins.normalize(text) == nil, "\(text)")
    }

    @Test func allowsOnlyListedOrigins() {
        let origins = CORSOrigins.list(["https://app.example.com", "http://localhost:5173"])
        #expect(origins.allows("https://app.example.com") && origins.allows("HTTPS://App.Example.Com"))
        #expect(origins.allows("http://localhost:5173"))
        #expect(!origins.allows("http://localhost:5174") && !origins.allows("https://app.example.com.evil.com"))
        #expect(!origins.allows("null") && !origins.allows(""))
        #expect(CORSOrigins.any.allows("https://anything.example"))
    }
}
