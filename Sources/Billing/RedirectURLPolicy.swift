import Basics
/// Which URLs Stripe may send a user back to (success, cancel, portal return): absolute `http`/`https` URLs whose
/// origin is `APP_URL`'s or one of `CORS_ORIGINS` (when that is a list, not `*`). Anything else would make this
/// server an open redirector with Stripe's reputation attached.
struct RedirectURLPolicy: Sendable {
    /// Longest URL accepted.
    static let maxBytes = 2048

    /// Normalized origins (`scheme://host[:port]`).
    let allowedOrigins: Set<String>

    init(appURL: HTTPURL, corsOrigins: CORSOrigins) {
        var origins: Set<String> = [appURL.origin]
        if case .list(let list) = corsOrigins {
            for origin in list where origin.hasPrefix("http://") || origin.hasPrefix("https://") { origins.insert(origin) }
        }
        allowedOrigins = origins
    }

    /// Whether `url` may be used as a redirect target.
    func allows(_ url: String) -> Bool {
        guard !url.isEmpty, url.utf8.count <= Self.maxBytes,
              url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }),
              let separator = url.firstRange(of: "://") else { return false }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return false }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@"), let origin = CORSOrigins.normalize(scheme + "://" + authority) else { return false }
        return allowedOrigins.contains(origin)
    }

    /// `url` when given and allowed, `fallback` when absent; a 400 naming `field` otherwise.
    func validated(_ url: String?, field: String, fallback: String) throws(BillingError) -> String {
        guard let url else { return fallback }
        guard allows(url) else {
            throw .invalidRequest("\(field) must be an http(s) URL on this application's origin or an allowed origin")
        }
        return url
    }
}
