import Identity
import HTTPServer
import HTTP1

/// The verified identity of a request that passed `AuthMiddleware`.
enum IdentityKey: RequestAttributeKey {
    typealias Value = Identity
}

/// `Authorization: Bearer <jwt>` on protected routes: verified locally (signature, exp, nbf, aud, iss), identities
/// cached up to the token's expiry. Failures are the original's four 401 errors.
struct AuthMiddleware: Middleware {
    let verifier: TokenVerifier

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        let identity: Identity
        do {
            let token = try BearerToken.extract(request.headers["Authorization"])
            if let cached = verifier.cachedIdentity(for: token) {
                identity = cached
            } else {
                identity = try await verifier.verifyAndCache(token)
            }
        } catch {
            var response = ErrorStyle.of(path: request.path).response(error.message, status: 401)
            response.headers.set("WWW-Authenticate", "Bearer")
            return response
        }
        var request = request
        request.attributes[IdentityKey.self] = identity
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The identity set by `AuthMiddleware`; throws 401 when a handler runs without it (a wiring mistake).
    func requireIdentity() throws -> Identity {
        guard let identity = attributes[IdentityKey.self] else { throw HTTPError(401, "No token provided") }
        return identity
    }
}
