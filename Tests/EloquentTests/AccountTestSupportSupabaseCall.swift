/// One call the Supabase stand-in received.
struct AccountSupabaseCall: Sendable, Equatable {
    var userID: String
    var authorization: String?
    var apiKey: String?
}
