import Foundation

/// A user of a test: a fresh `sub` and an email.
struct AccountUser: Sendable {
    let id: String
    let email: String

    init(_ email: String, id: String = UUID().uuidString.lowercased()) {
        self.id = id
        self.email = email
    }
}
