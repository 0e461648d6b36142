import Accounts
import Identity
import HTTPServer
import HTTP1

/// The verified identity of a request that passed `AuthMiddleware`.
enum IdentityKey: RequestAttributeKey {
    typealias Value = Identity
}

/// The id of the API key a request authenticated with (absent for an access token).
enum APIKeyIDKey: RequestAttributeKey {
    typealias Value = String
}

/// `Authorization: Bearer <token>` on protected routes. An access token (a JWT) is verified locally (signature, exp,
/// nbf, aud, iss), and once it also passed the session checks its identity is cached up to the token's expiry (a
/// logout or deletion drops it, `TokenVerifier.apply`); failures are the original's four 401 errors. With
/// `sessions`: a token revoked by logout gets `401 Token revoked`, a deleted account's token `401 Account deleted`,
/// and an API key (`elq_…`) is accepted in place of a token while its owner's plan has `api_access`.
struct AuthMiddleware: Middleware {
    let verifier: TokenVerifier
    var sessions: SessionGuard? = nil

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        let style = ErrorStyle.of(path: request.path)
        let token: String
        do {
            token = try BearerToken.extract(request.headers["Authorization"])
        } catch {
            return Self.unauthorized(error.message, style: style)
        }
        var request = request
        if let sessions, APIKeyText.looksLikeKey(token) {
            do {
                let (identity, keyID) = try await sessions.authenticate(key: token)
                request.attributes[IdentityKey.self] = identity
                request.attributes[APIKeyIDKey.self] = keyID
            } catch let refusal as SessionGuard.Refusal {
                return Self.response(refusal, style: style)
            }
            return try await next.respond(to: request)
        }
        let identity: Identity
        if let cached = verifier.cachedIdentity(for: token) {
            // Cached only after the session checks passed, and dropped by any logout or deletion since (on every
            // instance with Redis): nothing to ask the store.
            identity = cached
        } else {
            let ticket = verifier.admissionTicket()
            do {
                identity = try await verifier.verifyWithoutCaching(token)
            } catch {
                return Self.unauthorized(error.message, style: style)
            }
            if let sessions, let refusal = try await sessions.refusal(for: identity, token: token) {
                return Self.response(refusal, style: style)
            }
            verifier.admit(identity, for: token, ticket: ticket)
        }
        request.attributes[IdentityKey.self] = identity
        return try await next.respond(to: request)
    }

    static func unauthorized(_ message: String, style: ErrorStyle) -> Response {
        var response = style.response(message, status: 401)
        response.headers.set("WWW-Authenticate", "Bearer")
        return response
    }

    static func response(_ refusal: SessionGuard.Refusal, style: ErrorStyle) -> Response {
        if let feature = refusal.feature, let plan = refusal.plan {
            return ErrorResponse.render(ErrorResponse.httpError(.featureNotInPlan(feature, plan: plan)), style: style)
        }
        return refusal.status == 401 ? unauthorized(refusal.message, style: style) : style.response(refusal.message, status: refusal.status)
    }
}

extension Request {
    /// The identity set by `AuthMiddleware`; throws 401 when a handler runs without it (a wiring mistake).
    func requireIdentity() throws -> Identity {
        guard let identity = attributes[IdentityKey.self] else { throw HTTPError(401, "No token provided") }
        return identity
    }
}
