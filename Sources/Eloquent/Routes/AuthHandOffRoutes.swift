import Crypto
import FoundationEssentials
import HTTPServer
import HTTP1

/// The two OAuth hand-off pages (SPEC section 3). Supabase redirects the browser here after Google sign-in; the page
/// passes the tokens on to the desktop app's `eloquent://` deep link.
///
/// - `GET /auth/success`: tokens in the URL fragment (implicit flow), which the server never sees. The page is static;
///   its script reads the fragment and opens `eloquent://auth/success?access_token=…&refresh_token=…&expires_in=…&
///   token_type=…` (every value `encodeURIComponent`-ed), or `eloquent://auth/error?error=…` without a token.
/// - `GET /api/auth/callback`: tokens in the query string. The server builds `eloquent://auth/callback?…` itself
///   (values percent-encoded, then HTML-escaped into the link's `href`); the page's static script follows that link.
///
/// Both pages: the only script is a fixed text allowed by its SHA-256 in a strict `Content-Security-Policy`
/// (`default-src 'none'`, no inline handlers, no other origin), tokens are never written into HTML or script as
/// text, the address bar is cleared of them, a readable link opens the app when the automatic hand-off does not,
/// and `Cache-Control: no-store` with `Referrer-Policy: no-referrer` keeps them out of caches and referrers.
struct AuthHandOffRoutes {
    /// The token fields forwarded to the app, in this order.
    static let forwardedFields = ["access_token", "refresh_token", "expires_in", "expires_at", "token_type", "provider_token",
                                  "provider_refresh_token"]
    /// The longest value forwarded (a Supabase access token is ~1 KiB; anything far longer is not a token).
    static let maxValueBytes = 8 * 1024

    func register(in router: inout Router) {
        router.get("/auth/success") { _ in
            Self.page(HandOffPage.successBody)
        }
        router.get("/api/auth/callback") { request in
            Self.page(HandOffPage.callbackBody(link: Self.callbackLink(request)))
        }
    }

    /// The deep link for the callback page's query: tokens to `eloquent://auth/callback`, or the error (or "no token")
    /// to `eloquent://auth/error`.
    static func callbackLink(_ request: Request) -> HandOffPage.Link {
        func value(_ name: String) -> String? {
            guard let text = request.queryValue(name), !text.isEmpty, text.utf8.count <= maxValueBytes else { return nil }
            return text
        }
        let error = value("error")
        let description = value("error_description")
        if error == nil, let token = value("access_token") {
            var pairs = [("access_token", token)]
            for name in forwardedFields.dropFirst() {
                if let text = value(name) { pairs.append((name, text)) }
            }
            if value("token_type") == nil { pairs.append(("token_type", "bearer")) }
            return HandOffPage.Link(url: "eloquent://auth/callback?" + query(pairs), failure: nil)
        }
        let reason = description ?? error.map { "Sign-in failed (\($0))" } ?? "No token was found in the sign-in response."
        var pairs = [("error", error ?? "no_token")]
        if let description { pairs.append(("error_description", description)) }
        return HandOffPage.Link(url: "eloquent://auth/error?" + query(pairs), failure: reason)
    }

    /// `name=value&…` with every byte outside RFC 3986's unreserved set percent-encoded.
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { percentEncode($0.0) + "=" + percentEncode($0.1) }.joined(separator: "&")
    }

    static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func page(_ body: String) -> Response {
        var response = Response.html(body)
        response.headers.set("Content-Security-Policy", HandOffPage.contentSecurityPolicy)
        response.headers.set("Cache-Control", "no-store")
        response.headers.set("Referrer-Policy", "no-referrer")
        response.headers.set("X-Content-Type-Options", "nosniff")
        response.headers.set("X-Frame-Options", "DENY")
        return response
    }
}

/// The pages' fixed parts: one script, one style sheet, both allowed by hash.
enum HandOffPage {
    struct Link: Equatable {
        /// The `eloquent://` URL, its values already percent-encoded.
        var url: String
        /// Why there is no token, shown to the user; nil when the link carries tokens.
        var failure: String?
    }

    static let style = """
        body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222;text-align:center}\
        a.open{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;border-radius:.4rem;background:#5b3cc4;color:#fff;\
        text-decoration:none}p.error{color:#a00}
        """

    /// Shared by both pages. On `/auth/success` it builds the link from the fragment; on the callback page the link is
    /// already in the HTML. Either way it opens the link at once (and once more after a moment, as some browsers drop
    /// the first custom-scheme navigation), and removes the tokens from the address bar and history.
    static let script = """
        (function () {
          var link = document.getElementById("open");
          var status = document.getElementById("status");
          if (!link) { return; }
          if (link.getAttribute("data-source") === "fragment") {
            var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
            var query = new URLSearchParams(window.location.search);
            var error = query.get("error") || fragment.get("error");
            var description = query.get("error_description") || fragment.get("error_description");
            var token = fragment.get("access_token");
            var parts = [];
            var add = function (name, value) { parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(value)); };
            if (!error && token) {
              ["access_token", "refresh_token", "expires_in", "expires_at", "token_type", "provider_token",
               "provider_refresh_token"].forEach(function (name) {
                var value = fragment.get(name);
                if (value) { add(name, value); }
              });
              if (!fragment.get("token_type")) { add("token_type", "bearer"); }
              link.setAttribute("href", "eloquent://auth/success?" + parts.join("&"));
            } else {
              add("error", error || "no_token");
              if (description) { add("error_description", description); }
              link.setAttribute("href", "eloquent://auth/error?" + parts.join("&"));
              status.textContent = description || (error ? "Sign-in failed (" + error + ")." : "No token was found in the sign-in response.");
              status.className = "error";
            }
          }
          if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", window.location.pathname);
          }
          var target = link.getAttribute("href");
          if (target && target.indexOf("eloquent://") === 0) {
            window.location.href = target;
            window.setTimeout(function () { window.location.href = target; }, 500);
          }
        })();
        """

    /// `'sha256-…'` of a fixed text, as CSP wants it.
    static func hashSource(_ text: String) -> String {
        "'sha256-" + Data(SHA256.hash(data: Array(text.utf8))).base64EncodedString() + "'"
    }

    /// Nothing but the one script and the one style sheet; no connections, images, frames, forms or base URL.
    static let contentSecurityPolicy = "default-src 'none'; script-src \(hashSource(script)); style-src \(hashSource(style)); "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static func document(title: String, main: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <meta name="referrer" content="no-referrer"><title>\(title)</title><style>\(style)</style></head>
        <body>\(main)<script>\(script)</script></body></html>
        """
    }

    /// `/auth/success`: the same bytes for every request (the tokens stay in the browser).
    static let successBody = document(title: "Eloquent sign-in", main: """
        <h1>Signing you in to Eloquent…</h1>
        <p id="status">Opening the Eloquent app. You can close this window once it has opened.</p>
        <p><a class="open" id="open" data-source="fragment" href="eloquent://auth/error?error=no_script">Open Eloquent</a></p>
        <noscript><p class="error">This page needs JavaScript to pass your sign-in to the app. Enable it and reload, \
        or sign in again from the app.</p></noscript>
        """)

    /// `/api/auth/callback`: the link built by the server, HTML-escaped into `href`; the failure text, HTML-escaped.
    static func callbackBody(link: Link) -> String {
        let status = link.failure.map { "<p id=\"status\" class=\"error\">\(HTML.escape($0))</p>" }
            ?? "<p id=\"status\">Opening the Eloquent app. You can close this window once it has opened.</p>"
        return document(title: "Eloquent sign-in", main: """
            <h1>\(link.failure == nil ? "Signing you in to Eloquent…" : "Sign-in did not complete")</h1>
            \(status)
            <p><a class="open" id="open" data-source="server" href="\(HTML.escape(link.url))">Open Eloquent</a></p>
            """)
    }
}

/// HTML escaping for text and attribute values (double- or single-quoted).
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
