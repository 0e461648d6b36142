public import Basics
import FoundationEssentials
public import JWTKit
import Synchronization

/// Public keys from a JSON Web Key Set (Supabase's `/auth/v1/.well-known/jwks.json`), by `kid`.
///
/// The set is fetched through `fetch` (the body of the JWKS URL; the HTTP client lives
/// elsewhere), on first use and again when a token names an unknown `kid`, at most once per
/// ``minimumRefreshInterval`` so that tokens with made-up `kid`s cannot hammer the issuer.
/// Tokens without a `kid` are refused. Keys of unsupported types in the set are skipped.
/// A key is built for the header's `alg` only; a JWK that declares another `alg` yields a key
/// whose name differs, which ``TokenVerifier`` refuses.
package final class JWKSKeySource: VerificationKeySource {
    package typealias Fetch = @Sendable () async throws -> [UInt8]

    static let minimumRefreshInterval = 30
    static let maxSetBytes = 64 * 1024

    package let algorithms: Set<String>
    private let fetch: Fetch
    private let clock: EpochClock
    private struct State {
        var jwks: [String: JWK] = [:]
        var built: [String: any JWTAlgorithm] = [:]
        var lastFetch = Int.min
    }
    private let state = Mutex(State())

    package init(algorithms: Set<String> = ["RS256", "ES256"], clock: EpochClock = .system, fetch: @escaping Fetch) {
        self.algorithms = algorithms.subtracting(["none", "HS256", "HS384", "HS512"])
        self.clock = clock
        self.fetch = fetch
    }

    package func key(kid: String?, alg: String) async throws(AuthFailure) -> any JWTAlgorithm {
        guard let kid else { throw .invalidToken(reason: "missing kid") }
        if let key = state.withLock({ $0.built[kid + " " + alg] }) { return key }
        var jwk = state.withLock { $0.jwks[kid] }
        if jwk == nil, claimRefresh() {
            try await refresh()
            jwk = state.withLock { $0.jwks[kid] }
        }
        guard let jwk else { throw .invalidToken(reason: "unknown kid") }
        let key = try await build(jwk, kid: kid, alg: alg)
        state.withLock { $0.built[kid + " " + alg] = key }
        return key
    }

    /// Whether this caller may fetch now; marks the fetch as taken.
    private func claimRefresh() -> Bool {
        let now = clock.now()
        return state.withLock { state in
            guard state.lastFetch == .min || now - state.lastFetch >= Self.minimumRefreshInterval else { return false }
            state.lastFetch = now
            return true
        }
    }

    private func refresh() async throws(AuthFailure) {
        let body: [UInt8]
        do {
            body = try await fetch()
        } catch {
            throw .invalidToken(reason: "JWKS fetch failed: \(error)")
        }
        guard body.count <= Self.maxSetBytes else { throw .invalidToken(reason: "JWKS larger than \(Self.maxSetBytes) bytes") }
        guard let set = try? JSONDecoder().decode(LenientKeySet.self, from: Data(body)) else {
            throw .invalidToken(reason: "JWKS is not a JSON key set")
        }
        var byKid: [String: JWK] = [:]
        for jwk in set.keys { if let kid = jwk.keyIdentifier?.string { byKid[kid] = jwk } }
        state.withLock { $0.jwks = byKid; $0.built = [:] }
    }

    private func build(_ jwk: JWK, kid: String, alg: String) async throws(AuthFailure) -> any JWTAlgorithm {
        do {
            let collection = JWTKeyCollection()
            try await collection.add(jwk: jwk)
            return try await collection.getKey(for: JWKIdentifier(string: kid), alg: alg)
        } catch {
            throw .invalidToken(reason: "no \(alg) key for kid: \(error)")
        }
    }
}

/// `{"keys":[…]}` keeping the JWKs jwt-kit understands and skipping the others.
struct LenientKeySet: Decodable {
    var keys: [JWK] = []

    private enum CodingKeys: String, CodingKey { case keys }
    private struct Skipped: Decodable { init(from decoder: any Decoder) throws {} }

    init(from decoder: any Decoder) throws {
        var list = try decoder.container(keyedBy: CodingKeys.self).nestedUnkeyedContainer(forKey: .keys)
        while !list.isAtEnd {
            if let jwk = try? list.decode(JWK.self) { keys.append(jwk) } else { _ = try list.decode(Skipped.self) }
        }
    }
}
