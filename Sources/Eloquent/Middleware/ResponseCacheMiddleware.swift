import Basics
import Compression
import HTTP1
import HTTPServer
import Identity
import Synchronization

/// `RESPONSE_CACHE_TTL` (SPEC section 6): a user's `GET` JSON answers (usage stats, history, subscription status,
/// `/v1/models`) kept by user, path and query. Every write that changes what they show drops that user's entries
/// (`Invalidation.user`, `.usage`, `.deletedUser`, on every instance with Redis); an entry never outlives the UTC
/// month it was made in (the month's figures start again at zero). Bounded in users and in bytes.
final class ResponseCache: Sendable {
    /// Most users held, most answers held per user, most body bytes held in all.
    static let defaultCapacity = 10_000
    static let answersPerUser = 8
    static let defaultMaxBytes = 32 << 20

    struct Answer {
        var path: String
        var query: String?
        var response: Response
        var expiresAt: Int
        /// The body compressed, per coding, made on the first hit that asked for it.
        var encoded: [(coding: ContentCoding, body: [UInt8])] = []

        func body(in coding: ContentCoding) -> [UInt8]? { encoded.first { $0.coding == coding }?.body }
    }

    private struct State {
        var users: BoundedExpiringCache<String, [Answer]>
        /// Changes with every drop: a fill begun before a write may carry what the write changed.
        var generation: UInt64 = 0
        var hits: UInt64 = 0
        var misses: UInt64 = 0
    }

    let ttlSeconds: Int
    private let state: Mutex<State>
    private let clock: @Sendable () -> Int

    init(ttl: Duration, capacity: Int = defaultCapacity, maxBytes: Int = defaultMaxBytes,
         clock: @escaping @Sendable () -> Int = { SystemClock.wallClock().seconds }) {
        ttlSeconds = Int(ttl.components.seconds)
        state = Mutex(State(users: BoundedExpiringCache(capacity: ttlSeconds > 0 ? capacity : 0, maxCost: maxBytes)))
        self.clock = clock
    }

    var enabled: Bool { ttlSeconds > 0 }

    /// The cached answer to `path?query` for `userID`, if any (counted as a hit or a miss).
    func lookup(userID: String, path: String, query: String?) -> Answer? {
        let now = clock()
        return state.withLock { state in
            let found = state.users.value(for: userID, now: now)?
                .first { $0.path == path && $0.query == query && now < $0.expiresAt }
            if found == nil { state.misses += 1 } else { state.hits += 1 }
            return found
        }
    }

    /// Keeps `body`, the cached answer's body in `coding`, beside it (unless the answer is gone meanwhile).
    func remember(_ body: [UInt8], in coding: ContentCoding, userID: String, path: String, query: String?) {
        let now = clock()
        state.withLock { state in
            guard var answers = state.users.value(for: userID, now: now),
                  let index = answers.firstIndex(where: { $0.path == path && $0.query == query }),
                  answers[index].body(in: coding) == nil else { return }
            answers[index].encoded.append((coding, body))
            let until = answers.map(\.expiresAt).max() ?? now
            state.users.insert(answers, for: userID, expiresAt: until, now: now, cost: Self.cost(of: answers))
        }
    }

    static func cost(of answers: [Answer]) -> Int {
        answers.reduce(0) { sum, answer in
            sum + answer.response.body.count + answer.path.utf8.count + 64 + answer.encoded.reduce(0) { $0 + $1.body.count }
        }
    }

    var generation: UInt64 { state.withLock { $0.generation } }

    /// Keeps `response` for `userID`'s `path?query`, unless something was dropped since `ifGeneration` was read.
    func store(_ response: Response, userID: String, path: String, query: String?, ifGeneration: UInt64) {
        let now = clock()
        let expiresAt = min(now + ttlSeconds, UTCMonth.startOfNextMonth(after: now))
        let answer = Answer(path: path, query: query, response: response, expiresAt: expiresAt)
        state.withLock { state in
            guard state.generation == ifGeneration else { return }
            var answers = (state.users.value(for: userID, now: now) ?? []).filter {
                now < $0.expiresAt && !($0.path == path && $0.query == query)
            }
            answers.append(answer)
            if answers.count > Self.answersPerUser { answers.removeFirst(answers.count - Self.answersPerUser) }
            let until = answers.map(\.expiresAt).max() ?? expiresAt
            state.users.insert(answers, for: userID, expiresAt: until, now: now, cost: Self.cost(of: answers))
        }
    }

    /// Drops what an event makes stale.
    func apply(_ event: Invalidation) {
        state.withLock { state in
            switch event {
            case .user(let id), .usage(let id), .deletedUser(let id):
                state.generation &+= 1
                state.users.remove(id)
            case .everything:
                state.generation &+= 1
                state.users.removeAll()
            case .token:
                break
            }
        }
    }

    var stats: (hits: UInt64, misses: UInt64, users: Int, bytes: Int) {
        state.withLock { ($0.hits, $0.misses, $0.users.count, $0.users.totalCost) }
    }
}

/// Answers a route's `GET` from the `ResponseCache` when it can, else runs the route and keeps a `200` JSON answer.
/// Sits after `AuthMiddleware` (the user is known); a response with a streamed body or a `Set-Cookie` is never kept.
/// A hit that the client takes compressed is compressed once and kept so (`compression`'s rules and level); the
/// outer `CompressionMiddleware` then leaves the encoded body alone.
struct ResponseCacheMiddleware: Middleware {
    let cache: ResponseCache
    var compression: CompressionMiddleware? = nil

    func handle(_ request: Request, next: any Responder) async throws -> Response {
        guard cache.enabled, request.method == "GET", let identity = request.attributes[IdentityKey.self] else {
            return try await next.respond(to: request)
        }
        if let answer = cache.lookup(userID: identity.userID, path: request.path, query: request.query) {
            return encoded(answer, for: request, userID: identity.userID)
        }
        let generation = cache.generation
        let response = try await next.respond(to: request)
        if response.status == 200, response.stream == nil, response.headers["Set-Cookie"] == nil {
            cache.store(response, userID: identity.userID, path: request.path, query: request.query, ifGeneration: generation)
        }
        return response
    }

    /// The cached answer as `request` takes it: compressed when the client asks and the rules allow.
    func encoded(_ answer: ResponseCache.Answer, for request: Request, userID: String) -> Response {
        var response = answer.response
        guard let compression, let coding = compression.coding(for: request, response) else { return response }
        let body: [UInt8]
        if let kept = answer.body(in: coding) {
            compression.metrics.recordCompression(originalBytes: response.body.count, compressedBytes: kept.count)
            body = kept
        } else {
            guard let made = compression.compress(response.body, coding: coding) else { return response }
            cache.remember(made, in: coding, userID: userID, path: request.path, query: request.query)
            body = made
        }
        response.body = body
        response.headers.set("Content-Encoding", coding.rawValue)
        return response
    }
}
