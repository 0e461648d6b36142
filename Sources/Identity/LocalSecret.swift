/// The HS256 secret used when `SUPABASE_JWT_SECRET` is unset: generated once into
/// `<DATA_DIR>/jwt-secret` and reused on every later start, so tokens minted by
/// `eloquent-server token` survive restarts.
public enum LocalSecret {
    /// The file's name inside `DATA_DIR`.
    public static let fileName = "jwt-secret"
    /// Random bytes in a new secret.
    public static let secretBytes = 32

    /// The secret in `<dataDir>/jwt-secret`, created if missing.
    ///
    /// A new secret is 32 bytes from the system CSPRNG (`SystemRandomNumberGenerator`, backed
    /// by `getrandom(2)` on Linux), base64url-encoded (43 characters), written with mode 0600
    /// to a temporary file and linked into place, so two servers starting together agree on
    /// one secret. `dataDir` and missing parents are created with mode 0700. An existing file
    /// must be a regular file without group or other permissions holding such a secret;
    /// anything else is an error, never silently replaced.
    public static func loadOrCreate(dataDir: String) throws(LocalSecretError) -> String {
        let path = dataDir + "/" + fileName
        if let existing = try SecretFileSystem.read(path) { return try parse(existing, path: path) }
        try SecretFileSystem.ensureDirectory(dataDir)
        let secret = generate()
        let temporary = dataDir + "/." + fileName + "." + generate().prefix(12) + ".tmp"
        try SecretFileSystem.createExclusive(temporary, bytes: Array((secret + "\n").utf8))
        let linked: Bool
        do {
            linked = try SecretFileSystem.linkIfAbsent(temporary, path)
        } catch {
            try? SecretFileSystem.remove(temporary)
            throw error
        }
        try SecretFileSystem.remove(temporary)
        if linked {
            try SecretFileSystem.syncDirectory(dataDir)
            return secret
        }
        guard let winner = try SecretFileSystem.read(path) else {
            throw LocalSecretError(kind: .io, path: path, detail: "vanished while being created")
        }
        return try parse(winner, path: path)
    }

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<secretBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64URL.encode(bytes)
    }

    /// The secret in a file's bytes: one base64url line of at least ``secretBytes`` bytes.
    static func parse(_ contents: [UInt8], path: String) throws(LocalSecretError) -> String {
        var text = contents[...]
        while let last = text.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            text = text.dropLast()
        }
        guard let decoded = Base64URL.decode(text) else {
            throw LocalSecretError(kind: .corrupt, path: path, detail: "not a base64url line")
        }
        guard decoded.count >= secretBytes else {
            throw LocalSecretError(kind: .corrupt, path: path, detail: "\(decoded.count) bytes, expected \(secretBytes)")
        }
        return String(decoding: text, as: UTF8.self)
    }
}

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
