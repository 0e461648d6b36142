/// A subscription plan. The monthly limits and features of each plan belong to the application;
/// the store only records which plan a user is on.
public enum Plan: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Hashable {
    case free
    case starter
    case pro
    case unlimited
    case enterprise

    /// The plan for a stored or external value; an unknown or empty value is `free`, as in the original.
    public init(storedValue: String) {
        self = Plan(rawValue: storedValue) ?? .free
    }
}
