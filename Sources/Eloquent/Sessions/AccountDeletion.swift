import Accounts
import Basics
import Billing
import HTTPServer
import Identity
import Logging
import Storage

/// Deleting an account, by the user or an admin (SPEC section 3), in an order that can be retried at any step:
/// 1. the Stripe subscription, when there is one, is cancelled (a refusal stops here: nothing is deleted);
/// 2. the Supabase auth user is deleted when the admin API is configured (likewise);
/// 3. a tombstone is written: from now on the account's tokens get `401 Account deleted` and never recreate it;
/// 4. the rows go (user, devices, usage, API keys), and the cached identities and user rows with them.
struct AccountDeletion: Sendable {
    let store: any Store
    let sessions: SessionGuard
    let verifier: TokenVerifier
    let supabase: SupabaseAdmin?
    let billing: BillingService?
    let logger: Logger

    /// Deletes `userID`. With `requireExisting` (the admin route), a user with no row is left alone and the answer
    /// is false; the user's own route always leaves the tombstone.
    @discardableResult
    func delete(userID: String, token: String? = nil, requireExisting: Bool = false) async throws -> Bool {
        let user = try await store.user(id: userID)
        if requireExisting && user == nil { return false }
        if let user, BillingService.hasLiveSubscription(user) {
            guard let billing else {
                throw HTTPError(503, "billing not configured: the account's subscription cannot be cancelled; the account was not deleted")
            }
            do {
                try await billing.cancelSubscription(of: user)
            } catch let error as BillingError {
                throw HTTPError(error.status, error.message + "; the account was not deleted")
            }
        }
        if let supabase { try await supabase.deleteUser(id: userID) }
        try await sessions.tombstones.addTombstone(userID: userID, deletedAt: EpochClock.system.now())
        try await sessions.keys.deleteAPIKeys(userID: userID)
        _ = try await store.deleteUser(id: userID)
        if let token { verifier.evict(token: token) }
        logger.info("account deleted", metadata: ["user_id": "\(userID)", "subscription_cancelled": "\(user.map(BillingService.hasLiveSubscription) ?? false)"])
        return true
    }
}
