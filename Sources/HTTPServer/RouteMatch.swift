/// Where the router writes the pattern of the route it matched (`/users/:id`), so that outer middleware can label
/// metrics by route rather than by raw path. Created by the outer middleware, filled by the router, read after the
/// response; one request's task uses it at a time.
public final class RouteMatch: @unchecked Sendable, RequestAttributeKey {
    public typealias Value = RouteMatch
    public var pattern: String?
    public init() {}
}
