import TestSupport
import Foundation
import HTTP1
@testable import Eloquent
@testable import HTTPServer

/// A loopback stand-in for Supabase's admin API, built from the project's own `HTTPServer` and `Router`:
/// `DELETE /auth/v1/admin/users/:id` records the call and answers with the status it is told.
final class AccountSupabaseStandIn: Sendable {
    static let serviceKey = "service-role-key-for-tests"
    static let jwtSecret = "supabase-jwt-secret-for-account-tests-0123456789"
    private let server: StandInServer
    let log = AccountSupabaseLog()
    var port: Int { server.port }

    init() throws {
        var router = Router()
        let log = log
        router.delete("/auth/v1/admin/users/:id") { request in
            let status = log.record(AccountSupabaseCall(
                userID: request.parameters["id"] ?? "", authorization: request.headers["Authorization"], apiKey: request.headers["apikey"]))
            return .json(status == 200 ? "{}" : #"{"msg":"refused"}"#, status: status)
        }
        server = try StandInServer(router)
    }

    /// The settings that point the application at this stand-in (tokens stay HS256 with `jwtSecret`).
    var environment: [String: String] {
        ["SUPABASE_URL": "http://127.0.0.1:\(port)", "SUPABASE_SERVICE_KEY": Self.serviceKey, "SUPABASE_JWT_SECRET": Self.jwtSecret]
    }

    /// Stops the stand-in; returns whether its loop closed cleanly.
    func stop() -> Bool { server.stop() }
}
