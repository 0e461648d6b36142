/// Anything that turns a request into a response.
public protocol Responder: Sendable {
    func respond(to request: Request) async throws -> Response
}

/// One layer of the stack: may answer itself, change the request, or call `next` and change its response.
public protocol Middleware: Sendable {
    func handle(_ request: Request, next: any Responder) async throws -> Response
}

/// A middleware bound to the responder after it: the chain is folded once at startup.
struct MiddlewareResponder: Responder {
    let middleware: any Middleware
    let next: any Responder

    func respond(to request: Request) async throws -> Response {
        try await middleware.handle(request, next: next)
    }
}

/// A closure as a responder.
public struct ClosureResponder: Responder {
    let body: @Sendable (Request) async throws -> Response
    public init(_ body: @escaping @Sendable (Request) async throws -> Response) { self.body = body }
    public func respond(to request: Request) async throws -> Response { try await body(request) }
}

/// Folds `middleware` (outermost first) around `responder`.
public func buildStack(_ middleware: [any Middleware], around responder: any Responder) -> any Responder {
    middleware.reversed().reduce(responder) { next, layer in MiddlewareResponder(middleware: layer, next: next) }
}
