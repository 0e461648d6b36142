import Accounts
import Identity
import Storage

extension UserResolver {
    /// Admins are the users whose email is in `ADMIN_EMAILS` or whose stored role is `admin`.
    static func isAdmin(_ user: UserRecord, identity: Identity, config: Config) -> Bool {
        if user.role == .admin { return true }
        let emails = [identity.email, user.email].compactMap { $0 }.filter { !$0.isEmpty }
        return emails.contains { config.isAdminEmail($0) }
    }
}
