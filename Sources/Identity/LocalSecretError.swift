/// Why the local JWT secret could not be read or created. ``description`` is one line that
/// names the file and what to do.
public struct LocalSecretError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Kind: Sendable, Equatable {
        /// A system call on the file or its directory failed.
        case io
        /// The file exists but does not hold a secret this server wrote.
        case corrupt
        /// The file is readable or writable by other users, or is not a regular file.
        case insecure
    }

    public var kind: Kind
    public var path: String
    public var detail: String

    public init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .io: "local JWT secret \(path): \(detail)"
        case .corrupt: "local JWT secret \(path) is corrupt (\(detail)); delete it to generate a new one (signs out every user) or set SUPABASE_JWT_SECRET"
        case .insecure: "local JWT secret \(path) is unsafe (\(detail)); expected a regular file with mode 0600"
        }
    }
}
