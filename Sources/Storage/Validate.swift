/// Argument checks shared by the stores; each throws `StorageError.invalidArgument`.
enum Validate {
    /// Longest search text accepted (SQLite refuses LIKE patterns over 50 000 bytes).
    static let maximumSearchBytes = 1_000

    static func userID(_ id: String, _ operation: String) throws {
        guard !id.isEmpty else { throw StorageError.invalidArgument(operation: operation, reason: "empty user id") }
    }

    static func month(_ month: String, _ operation: String) throws {
        guard UsageMonth.isValid(month) else {
            throw StorageError.invalidArgument(operation: operation, reason: "month must be YYYY-MM")
        }
    }

    static func nonNegative(_ value: Int, _ name: String, _ operation: String) throws {
        guard value >= 0 else { throw StorageError.invalidArgument(operation: operation, reason: "\(name) is negative") }
    }

    static func seconds(_ value: Double, _ name: String, _ operation: String) throws {
        guard value.isFinite, value >= 0 else {
            throw StorageError.invalidArgument(operation: operation, reason: "\(name) must be finite and not negative")
        }
    }

    static func searchText(_ text: String, _ operation: String) throws {
        guard text.utf8.count <= maximumSearchBytes else {
            throw StorageError.invalidArgument(operation: operation, reason: "search text over \(maximumSearchBytes) bytes")
        }
    }
}
