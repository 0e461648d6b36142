import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// `POST /api/auth/validate` and `PUT /api/auth/settings`: settings are merged and really persisted.
@Suite struct AccountSettingsTests {
    @Test func validateAnswersWithTheStoredUser() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("val@example.com")
            #expect(try session.call("POST", "/api/auth/validate").status == 401)
            // A first call with a valid token creates the user from the token's claims.
            let json = try session.validate(user)
            #expect(json["valid"] as? Bool == true)
            #expect(AccountJSONValue.object(json["user"])["id"] as? String == user.id)
            #expect(AccountJSONValue.object(json["user"])["email"] as? String == user.email)
            #expect(AccountJSONValue.object(json["subscription"])["plan"] as? String == "free")
            #expect(AccountJSONValue.object(json["usage"])["remaining"] as? Int == 60)
            let garbage = try session.call("POST", "/api/auth/validate", token: session.token(user), raw: Array("{oops".utf8))
            #expect(garbage.status == 200)
        }
        #expect(clean)
    }

    @Test func settingsMergeAndAreReadBack() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("set@example.com")
            try session.signIn(user)
            let (status, first) = try session.object("PUT", "/api/auth/settings", as: user, json: ["language": "de"])
            #expect(status == 200)
            #expect(first["success"] as? Bool == true)
            let merged = AccountJSONValue.object(first["settings"])
            #expect(merged["language"] as? String == "de")
            #expect(merged["aiMode"] as? String == "auto")
            #expect(merged["autoGrammarFix"] as? Bool == true)
            let (second, _) = try session.object("PUT", "/api/auth/settings", as: user,
                                                  json: ["aiMode": "rewrite", "autoGrammarFix": false, "name": "Ada L."])
            #expect(second == 200)
            let settings = AccountJSONValue.object(AccountJSONValue.object(try session.validate(user)["user"])["settings"])
            #expect(settings["language"] as? String == "de")
            #expect(settings["aiMode"] as? String == "rewrite")
            #expect(settings["autoGrammarFix"] as? Bool == false)
            #expect(settings["name"] as? String == "Ada L.")
            let stored = try await session.application.store.user(id: user.id)
            #expect(stored?.settings.language == "de")
            #expect(stored?.settings.autoGrammarFix == false)
        }
        #expect(clean)
    }

    @Test func badSettingsAre400AndChangeNothing() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("badset@example.com")
            try session.signIn(user)
            let bodies: [Any] = [
                ["language": ""], ["language": String(repeating: "x", count: 17)], ["language": 5], ["aiMode": ""],
                ["aiMode": String(repeating: "m", count: 33)], ["autoGrammarFix": "yes"], ["autoGrammarFix": 1],
                ["name": String(repeating: "n", count: 201)], ["name": ["first": "A"]], [1, 2],
            ]
            for body in bodies {
                let reply = try session.call("PUT", "/api/auth/settings", token: session.token(user), json: body)
                #expect(reply.status == 400, "body \(body)")
            }
            for raw in ["", "{", "null", "\"text\""] {
                let reply = try session.call("PUT", "/api/auth/settings", token: session.token(user), raw: Array(raw.utf8))
                #expect(reply.status == 400, "raw \(raw)")
            }
            #expect(try session.call("PUT", "/api/auth/settings", json: ["language": "fr"]).status == 401)
            let settings = AccountJSONValue.object(AccountJSONValue.object(try session.validate(user)["user"])["settings"])
            #expect(settings["language"] as? String == "en")
            #expect(settings["aiMode"] as? String == "auto")
            #expect(settings["autoGrammarFix"] as? Bool == true)
        }
        #expect(clean)
    }

    @Test func settingsSurviveARestartOnTheSameDataDirectory() async throws {
        let directory = try StackFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let user = AccountUser("persist@example.com")
        let first = try await AccountLive.run(directory: directory) { session in
            try session.signIn(user, deviceId: "box")
            let (status, _) = try session.object("PUT", "/api/auth/settings", as: user,
                                                  json: ["language": "ja", "aiMode": "grammar", "autoGrammarFix": false])
            #expect(status == 200)
            #expect(try session.report(user, seconds: 150).0 == 200)
        }
        #expect(first)
        let second = try await AccountLive.run(directory: directory) { session in
            let json = try session.validate(user)
            let settings = AccountJSONValue.object(AccountJSONValue.object(json["user"])["settings"])
            #expect(settings["language"] as? String == "ja")
            #expect(settings["aiMode"] as? String == "grammar")
            #expect(settings["autoGrammarFix"] as? Bool == false)
            #expect(AccountJSONValue.object(json["usage"])["current_month"] as? Int == 3)
            #expect(try await session.application.store.devices(userID: user.id).map(\.deviceID) == ["box"])
            #expect(try session.history(user).count == 1)
        }
        #expect(second)
    }
}
