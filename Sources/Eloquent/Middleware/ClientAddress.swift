import RateLimit
import HTTPServer
import HTTP1

/// The client's resolved address (after `TRUSTED_PROXIES`: `X-Forwarded-For`/`X-Real-IP` believed only from a
/// trusted peer), worked out once by the performance monitor for the logs and reused by the rate limiter.
enum ClientAddressKey: RequestAttributeKey {
    typealias Value = String
}

enum ClientAddress {
    /// The attribute when an outer layer set it, else resolved now.
    static func of(_ request: Request, trustedProxies: [CIDR]) -> String {
        if let known = request.attributes[ClientAddressKey.self] { return known }
        return resolve(request, trustedProxies: trustedProxies)
    }

    static func resolve(_ request: Request, trustedProxies: [CIDR]) -> String {
        ClientIP.resolve(peer: request.peerAddress, forwardedFor: request.headers.values("X-Forwarded-For"),
                         realIP: request.headers["X-Real-IP"], trustedProxies: trustedProxies)
    }
}
