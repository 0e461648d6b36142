@testable import Identity
import Testing

@Suite struct IdentityBearerTokenTests {
    private func failure(_ header: String?) -> AuthFailure? {
        do {
            _ = try BearerToken.extract(header)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER abc.def.ghi", "  Bearer abc.def.ghi\t"])
    func acceptsBearerInAnyCase(header: String) throws {
        #expect(try BearerToken.extract(header) == "abc.def.ghi")
    }

    @Test func missingOrBlankHeaderIsNoToken() {
        #expect(failure(nil) == .noToken)
        #expect(failure("") == .noToken)
        #expect(failure("  \t ") == .noToken)
    }

    @Test(arguments: ["Bearer", "Bearer ", "bearer    ", "BEARER\t"])
    func schemeWithoutTokenIsEmptyToken(header: String) {
        #expect(failure(header) == .emptyToken)
    }

    @Test(arguments: [
        "Basic dXNlcjpwYXNz", "Token abc", "Bearerabc", "Bear", "Bearer  abc", "Bearer\tabc",
        "Bearer a b", "Bearer abc\u{0}", "Bearer abc\u{7F}", "Bearer é", "abc.def.ghi", "Bearer\nabc",
    ])
    func otherShapesAreInvalidFormat(header: String) {
        #expect(failure(header) == .invalidFormat)
    }

    @Test func messagesMatchTheOriginalService() {
        #expect(AuthFailure.noToken.message == "No token provided")
        #expect(AuthFailure.invalidFormat.message == "Invalid token format")
        #expect(AuthFailure.emptyToken.message == "Empty token")
        #expect(AuthFailure.invalidToken(reason: "secret detail").message == "Invalid token")
        #expect(AuthFailure.invalidToken(reason: "x").reason == "x")
        #expect(AuthFailure.noToken.reason == nil)
    }
}
