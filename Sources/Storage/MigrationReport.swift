/// What `Store.migrate()` did: the schema version before and after, and the steps it applied.
public struct MigrationReport: Sendable, Hashable {
    public var fromVersion: Int
    public var toVersion: Int
    /// Versions applied by this call, in order; empty when the schema was already current.
    public var applied: [Int]

    public init(fromVersion: Int, toVersion: Int, applied: [Int]) {
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.applied = applied
    }
}
