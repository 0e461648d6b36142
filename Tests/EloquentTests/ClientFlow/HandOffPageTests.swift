import Crypto
import Foundation
import TestSupport
import Testing
@testable import Eloquent

/// Issue 11: the OAuth hand-off pages `GET /auth/success` and `GET /api/auth/callback`, over real sockets. Hostile
/// values (`</script>`, quotes, markup) never reach the page as markup or script; the only script is the one the
/// Content-Security-Policy allows by hash; the deep link carries every value intact. The page's script itself is run
/// under node (no browser) with a stand-in DOM to check the link it builds from the fragment.
@Suite struct HandOffPageTests {
    static let hostileToken = #"eyJ"</script><script>alert('x')</script>&amp;<b>bold</b> 'q' +/="#
    static let hostileRefresh = #"r"'><img src=x onerror=alert(1)>"#

    static func percent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// The CSP's `script-src` hash must be the SHA-256 of the page's one script; no inline handler anywhere.
    static func checkPolicy(_ reply: RawClient.Reply, _ html: String) throws {
        let policy = try #require(reply.header("Content-Security-Policy"))
        #expect(policy.contains("default-src 'none'"))
        #expect(policy.contains("base-uri 'none'") && policy.contains("frame-ancestors 'none'"))
        let scripts = PageText.scripts(html)
        #expect(scripts.count == 1)
        let digest = Data(SHA256.hash(data: Array((scripts.first ?? "").utf8))).base64EncodedString()
        #expect(policy.contains("script-src 'sha256-\(digest)'"), "\(policy)")
        #expect(!policy.contains("unsafe-inline"))
        // No tag carries an event-handler attribute (the values may contain the text `onerror`, inert).
        let handler = try NSRegularExpression(pattern: #"<[a-zA-Z][^>]*\son[a-zA-Z]+\s*="#)
        #expect(handler.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)) == nil)
        #expect(reply.header("Cache-Control") == "no-store")
        #expect(reply.header("Referrer-Policy") == "no-referrer")
        #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true)
    }

    @Test func callbackForwardsHostileTokensIntactAndInert() async throws {
        let clean = try await FlowLive.run { s in
            let target = "/api/auth/callback?access_token=\(Self.percent(Self.hostileToken))&refresh_token=\(Self.percent(Self.hostileRefresh))&expires_in=3600"
            let reply = try s.send("GET", target)
            #expect(reply.status == 200)
            let html = reply.text
            try Self.checkPolicy(reply, html)
            // Nothing of the values appears as markup.
            #expect(!html.contains("<script>alert") && !html.contains("<b>") && !html.contains("<img"))
            #expect(html.components(separatedBy: "</script>").count == 2)
            let href = PageText.htmlUnescape(try #require(PageText.attribute("href", ofID: "open", in: html)))
            #expect(href.hasPrefix("eloquent://auth/callback?"))
            // The link is plain ASCII with every reserved byte percent-encoded.
            #expect(href.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "<" && $0 != "'" })
            let items = PageText.queryItems(href)
            #expect(items["access_token"] == Self.hostileToken)
            #expect(items["refresh_token"] == Self.hostileRefresh)
            #expect(items["expires_in"] == "3600" && items["token_type"] == "bearer")
            // A readable fallback: the link says what it does.
            #expect(html.contains(">Open Eloquent</a>"))
        }
        #expect(clean)
    }

    @Test func callbackWithAnErrorShowsItEscapedAndLinksToTheErrorDeepLink() async throws {
        let clean = try await FlowLive.run { s in
            let description = #"<img src=x onerror=alert(1)> "denied" & gone"#
            let reply = try s.send("GET", "/api/auth/callback?error=access_denied&error_description=\(Self.percent(description))")
            #expect(reply.status == 200)
            let html = reply.text
            try Self.checkPolicy(reply, html)
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt; &quot;denied&quot; &amp; gone"))
            #expect(!html.contains("<img"))
            let href = PageText.htmlUnescape(try #require(PageText.attribute("href", ofID: "open", in: html)))
            #expect(href.hasPrefix("eloquent://auth/error?"))
            #expect(PageText.queryItems(href)["error"] == "access_denied")
            #expect(PageText.queryItems(href)["error_description"] == description)
            #expect(PageText.queryItems(href)["access_token"] == nil)
            // No token at all: the error link, never a success one.
            let empty = try s.send("GET", "/api/auth/callback")
            let emptyHref = PageText.htmlUnescape(try #require(PageText.attribute("href", ofID: "open", in: empty.text)))
            #expect(emptyHref == "eloquent://auth/error?error=no_token")
        }
        #expect(clean)
    }

    @Test func successPageIsStaticWhateverTheQuery() async throws {
        let clean = try await FlowLive.run { s in
            let plain = try s.send("GET", "/auth/success")
            #expect(plain.status == 200)
            try Self.checkPolicy(plain, plain.text)
            let hostile = try s.send("GET", "/auth/success?error=\(Self.percent("</script><script>alert(1)</script>"))&x=%22%27")
            #expect(hostile.status == 200)
            #expect(hostile.body == plain.body)
            #expect(PageText.attribute("data-source", ofID: "open", in: plain.text) == "fragment")
            #expect(plain.text.contains("<noscript>"))
        }
        #expect(clean)
    }

    /// Runs the page's script under node with a stand-in `window`/`document`; returns what it did.
    static func runScript(_ script: String, source: String, href: String, hash: String, search: String = "") throws -> [String: Any] {
        let directory = try StackFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scriptPath = directory + "/page.js"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let harness = """
            const script = require("fs").readFileSync(process.argv[1], "utf8");
            const attrs = { "data-source": process.argv[2], "href": process.argv[3] };
            const link = { getAttribute: (n) => (n in attrs ? attrs[n] : null), setAttribute: (n, v) => { attrs[n] = String(v); } };
            const status = { textContent: "", className: "" };
            const location = { hash: process.argv[4], search: process.argv[5], pathname: "/auth/success", href: "https://server.example/auth/success" };
            let replaced = null;
            globalThis.window = { location, history: { replaceState: (a, b, u) => { replaced = u; } }, setTimeout: () => {} };
            globalThis.document = { getElementById: (id) => (id === "open" ? link : id === "status" ? status : null) };
            new Function(script)();
            console.log(JSON.stringify({ navigated: location.href, href: attrs.href, status: status.textContent, replaced }));
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node", "-e", harness, scriptPath, source, href, hash, search]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw StackTestError("node exited \(process.terminationStatus)") }
        return try StackFixture.jsonObject(Array(data))
    }

    @Test func successScriptBuildsTheDeepLinkFromTheFragment() async throws {
        let clean = try await FlowLive.run { s in
            let html = try s.send("GET", "/auth/success").text
            let script = try #require(PageText.scripts(html).first)
            let hash = "#access_token=\(Self.percent(Self.hostileToken))&refresh_token=\(Self.percent(Self.hostileRefresh))&expires_in=3600&token_type=bearer"
            let result = try Self.runScript(script, source: "fragment", href: "eloquent://auth/error?error=no_script", hash: hash)
            let navigated = try #require(result["navigated"] as? String)
            #expect(navigated.hasPrefix("eloquent://auth/success?"))
            #expect(result["href"] as? String == navigated)
            let items = PageText.queryItems(navigated)
            #expect(items["access_token"] == Self.hostileToken)
            #expect(items["refresh_token"] == Self.hostileRefresh)
            #expect(items["expires_in"] == "3600" && items["token_type"] == "bearer")
            // The tokens leave the address bar.
            #expect(result["replaced"] as? String == "/auth/success")

            let failed = try Self.runScript(script, source: "fragment", href: "eloquent://auth/error?error=no_script", hash: "",
                                            search: "?error=access_denied&error_description=Nope")
            #expect((failed["navigated"] as? String)?.hasPrefix("eloquent://auth/error?error=access_denied") == true)
            #expect(failed["status"] as? String == "Nope")

            // On the callback page the same script follows the server's link as is.
            let followed = try Self.runScript(script, source: "server", href: "eloquent://auth/callback?access_token=a%22b", hash: "")
            #expect(followed["navigated"] as? String == "eloquent://auth/callback?access_token=a%22b")
        }
        #expect(clean)
    }
}

