@testable import Basics
import Testing

@Suite struct HTTPURLTests {
    @Test func partsAndNormalization() throws {
        let groq = try #require(HTTPURL("HTTPS://API.Groq.com/openai/v1/"))
        #expect(groq.scheme == "https" && groq.isTLS && groq.host == "api.groq.com" && groq.port == 443)
        #expect(groq.path == "/openai/v1" && groq.origin == "https://api.groq.com")
        #expect(groq.description == "https://api.groq.com/openai/v1")
        let local = try #require(HTTPURL("http://127.0.0.1:8178/v1"))
        #expect(!local.isTLS && local.port == 8178 && local.origin == "http://127.0.0.1:8178")
        let v6 = try #require(HTTPURL("http://[::1]:9000"))
        #expect(v6.host == "[::1]" && v6.port == 9000 && v6.path == "" && v6.description == "http://[::1]:9000")
        #expect(HTTPURL("http://localhost:80/")?.description == "http://localhost")
        #expect(HTTPURL("https://x.example.com/a%20b/c")?.path == "/a%20b/c")
        #expect(HTTPURL("http://my_service:8080")?.host == "my_service")
    }

    @Test(arguments: [
        "", "api.groq.com", "//api.groq.com", "ftp://x.com", "https:/x.com", "https://", "https://:443",
        "https://x.com:", "https://x.com:0", "https://x.com:65536", "https://x.com:-1", "https://x.com:8o",
        "https://user:pw@x.com", "https://@x.com", "https://x.com/a?b=c", "https://x.com/#frag", "https://x.com/a b",
        "https://x .com", "https://x.com/\u{7}", "https://exämple.com", "https://x.com/é", "https://x..com",
        "https://-x.com", "https://x-.com", "https://.x.com", "https://999.1.1.1", "https://1.2.3", "https://[::1",
        "https://[1.2.3.4]", "https://[::1]x", "https://::1", "https://x.com\\@evil.com", "https://x.com/%zz",
        "https://x.com/%4", "javascript://x.com", "https://" + String(repeating: "a", count: 64) + ".com",
    ])
    func refusesMalformedURLs(text: String) {
        #expect(HTTPURL(text) == nil, "\(text)")
    }
}
