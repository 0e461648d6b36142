import Basics
import HTTP1

/// Method + path routing with `:name` parameters. Exact paths are a dictionary lookup; patterns are tried in
/// registration order. An unknown path, or a known path with another method, is answered by the `unmatched`
/// responder the application supplies (a 405 then gets `Allow`). `HEAD` is served by the `GET` route; `OPTIONS` on a
/// known path is 204 with `Allow`.
public struct Router: Responder {
    public typealias Handler = @Sendable (Request) async throws -> Response
    /// Why no handler was found.
    public enum Miss: Sendable, Equatable {
        case notFound
        case methodNotAllowed
    }
    public typealias Unmatched = @Sendable (Request, Miss) -> Response

    private let unmatched: Unmatched

    private var exact: [String: [String: Handler]] = [:]
    private var patterns: [(segments: [Segment], pattern: String, methods: [String: Handler])] = []

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// A router whose misses are answered by `unmatched` (plain text 404/405 by default).
    public init(unmatched: @escaping Unmatched = Router.plainTextMiss) {
        self.unmatched = unmatched
    }

    @Sendable public static func plainTextMiss(_ request: Request, _ miss: Miss) -> Response {
        miss == .notFound ? .text("Not found\n", status: 404) : .text("Method not allowed\n", status: 405)
    }

    public mutating func add(_ method: String, _ path: String, _ handler: @escaping Handler) {
        let segments = path.split(separator: "/").map { part -> Segment in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
        if segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            exact[path, default: [:]][method] = handler
        } else if let index = patterns.firstIndex(where: { $0.segments == segments }) {
            patterns[index].methods[method] = handler
        } else {
            patterns.append((segments, path, [method: handler]))
        }
    }

    public mutating func get(_ path: String, _ handler: @escaping Handler) { add("GET", path, handler) }
    public mutating func post(_ path: String, _ handler: @escaping Handler) { add("POST", path, handler) }
    public mutating func put(_ path: String, _ handler: @escaping Handler) { add("PUT", path, handler) }
    public mutating func delete(_ path: String, _ handler: @escaping Handler) { add("DELETE", path, handler) }

    /// Registers a route whose handler runs behind `middleware` (e.g. authentication on protected routes).
    public mutating func add(_ method: String, _ path: String, through middleware: [any Middleware], _ handler: @escaping Handler) {
        let responder = buildStack(middleware, around: ClosureResponder(handler))
        add(method, path) { request in try await responder.respond(to: request) }
    }

    /// The handlers for a path and its parameters, if the path is known.
    func lookup(_ path: String) -> (methods: [String: Handler], parameters: [String: String], pattern: String)? {
        if let methods = exact[path] { return (methods, [:], path) }
        if patterns.isEmpty { return nil }
        let parts = path.split(separator: "/")
        for pattern in patterns where pattern.segments.count == parts.count {
            var parameters: [String: String] = [:]
            var matched = true
            for (segment, part) in zip(pattern.segments, parts) {
                switch segment {
                case .literal(let text): if text != part { matched = false }
                case .parameter(let name): parameters[name] = PercentDecoding.decode(part)
                }
                if !matched { break }
            }
            if matched { return (pattern.methods, parameters, pattern.pattern) }
        }
        return nil
    }

    static func allow(_ methods: [String: Handler]) -> [String] {
        var names = Set(methods.keys)
        if names.contains("GET") { names.insert("HEAD") }
        names.insert("OPTIONS")
        return names.sorted()
    }

    public func respond(to request: Request) async throws -> Response {
        guard let found = lookup(request.path) else { return unmatched(request, .notFound) }
        request.attributes[RouteMatch.self]?.pattern = found.pattern
        let method = request.method == "HEAD" ? "GET" : request.method
        guard let handler = found.methods[method] else {
            let allow = Self.allow(found.methods).joined(separator: ", ")
            if request.method == "OPTIONS" {
                var response = Response(status: 204)
                response.headers.add("Allow", allow)
                return response
            }
            var response = unmatched(request, .methodNotAllowed)
            response.headers.add("Allow", allow)
            return response
        }
        var routed = request
        if !found.parameters.isEmpty { routed.parameters = found.parameters }
        return try await handler(routed)
    }
}

/// Where the router writes the pattern of the route it matched (`/users/:id`), so that outer middleware can label
/// metrics by route rather than by raw path. Created by the outer middleware, filled by the router, read after the
/// response; one request's task uses it at a time.
public final class RouteMatch: @unchecked Sendable, RequestAttributeKey {
    public typealias Value = RouteMatch
    public var pattern: String?
    public init() {}
}
