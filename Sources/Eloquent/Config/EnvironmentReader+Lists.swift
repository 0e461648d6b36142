import Basics
import Billing
import RateLimit
extension EnvironmentReader {
    /// Comma-separated items, trimmed, blanks dropped (so a trailing comma is harmless).
    static func items(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0.trimmingWhitespace(lineBreaks: true)) }.filter { !$0.isEmpty }
    }

    /// A comma list where each item is parsed by `parse`; the error shows the first bad item.
    func list<T>(_ name: String, expected: String, _ parse: (String) -> T?) throws(ConfigError) -> [T]? {
        guard let raw = raw(name) else { return nil }
        var result: [T] = []
        for item in Self.items(raw) {
            guard let value = parse(item) else {
                throw .invalidValue(variable: name, expected: expected, got: ConfigError.quoted(item))
            }
            result.append(value)
        }
        guard !result.isEmpty else {
            throw .invalidValue(variable: name, expected: expected, got: ConfigError.quoted(raw))
        }
        return result
    }

    /// `TRUSTED_PROXIES`: CIDRs or bare addresses; `none` for no trusted proxy at all.
    func trustedProxies(_ name: String, default defaultValue: String) throws(ConfigError) -> [CIDR] {
        if raw(name)?.lowercased() == "none" { return [] }
        let expected = #"a comma-separated list of IPv4/IPv6 addresses or CIDRs such as 10.0.0.0/8,::1/128, or "none""#
        if let proxies = try list(name, expected: expected, { CIDR($0) }) { return proxies }
        return Self.items(defaultValue).compactMap { CIDR($0) }
    }

    /// `CORS_ORIGINS`: `*`, or a comma list of `scheme://host[:port]` origins.
    func corsOrigins(_ name: String) throws(ConfigError) -> CORSOrigins {
        guard let raw = raw(name), raw != "*" else { return .any }
        let expected = #""*" alone, or a comma-separated list of origins like https://app.example.com:8443"#
        let origins = try list(name, expected: expected) { CORSOrigins.normalize($0) } ?? []
        var unique: [String] = []
        for origin in origins where !unique.contains(origin) { unique.append(origin) }
        return .list(unique)
    }

    /// `ADMIN_EMAILS`: a comma list of addresses, lowercased.
    func emails(_ name: String) throws(ConfigError) -> [String] {
        try list(name, expected: "a comma-separated list of email addresses") { item in
            let parts = item.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].hasPrefix("."),
                  !parts[1].hasSuffix("."), Self.isToken(item, maximumLength: 254) else { return nil }
            return item.lowercased()
        } ?? []
    }

    /// `STRIPE_PRICE_<PLAN>` and `STRIPE_PRICE_<PLAN>_YEARLY` for every paid plan.
    func stripePrices() throws(ConfigError) -> [Config.PriceKey: String] {
        var prices: [Config.PriceKey: String] = [:]
        for plan in Config.PaidPlan.allCases {
            for interval in Config.BillingInterval.allCases {
                let key = Config.PriceKey(plan: plan, interval: interval)
                if let price = try token(key.variableName) { prices[key] = price }
            }
        }
        return prices
    }
}
