@testable import Identity
import Foundation
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// `POST /api/auth/google` through the real server: the user comes from the verified token, never from the body.
@Suite struct AccountSignInTests {
    @Test func aValidTokenSignsInWithTheTokensClaims() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("ada@example.com")
            let token = try session.token(user)
            let reply = try session.call("POST", "/api/auth/google", json: ["access_token": token, "refresh_token": "r-1"])
            #expect(reply.status == 200)
            let json = try StackFixture.jsonObject(reply.body)
            #expect(json["success"] as? Bool == true)
            let summary = AccountJSONValue.object(json["user"])
            #expect(summary["id"] as? String == user.id)
            #expect(summary["email"] as? String == user.email)
            #expect(summary["role"] as? String == "user")
            #expect(summary["plan"] as? String == "free")
            let settings = AccountJSONValue.object(summary["settings"])
            #expect(settings["language"] as? String == "en")
            #expect(settings["aiMode"] as? String == "auto")
            #expect(settings["autoGrammarFix"] as? Bool == true)
            let tokens = AccountJSONValue.object(json["tokens"])
            #expect(tokens["access_token"] as? String == token)
            #expect(tokens["refresh_token"] as? String == "r-1")
            let subscription = AccountJSONValue.object(json["subscription"])
            #expect(subscription["plan"] as? String == "free")
            let limits = AccountJSONValue.object(subscription["limits"])
            #expect(limits["minutes"] as? Int == 60)
            #expect(limits["features"] as? [String] == ["basic_transcription"])
            let usage = AccountJSONValue.object(json["usage"])
            #expect(usage["current_month"] as? Int == 0)
            #expect(usage["limit"] as? Int == 60)
            #expect(usage["remaining"] as? Int == 60)
            let stored = try await session.application.store.user(id: user.id)
            #expect(stored?.email == user.email)
            #expect(stored?.plan == .free)
        }
        #expect(clean)
    }

    @Test func aForgedUserObjectInTheBodyIsIgnored() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("real@example.com")
            let forged: [String: Any] = [
                "id": "00000000-0000-0000-0000-000000000000", "email": AccountLive.adminEmail, "name": "Mallory",
                "role": "admin", "plan": "enterprise", "picture": "https://evil.example/x.png",
            ]
            let reply = try session.call("POST", "/api/auth/google", json: [
                "access_token": try session.token(user), "refresh_token": "r", "user": forged, "role": "admin", "plan": "enterprise",
            ])
            #expect(reply.status == 200)
            let summary = AccountJSONValue.object(try StackFixture.jsonObject(reply.body)["user"])
            #expect(summary["id"] as? String == user.id)
            #expect(summary["email"] as? String == user.email)
            #expect(summary["role"] as? String == "user")
            #expect(summary["plan"] as? String == "free")
            #expect(summary["name"] as? String != "Mallory")
            #expect(summary["profilePicture"] as? String == nil)
            #expect(try await session.application.store.user(id: "00000000-0000-0000-0000-000000000000") == nil)
            // The forged admin email gives no admin rights either.
            #expect(try session.call("GET", "/api/admin/users", token: session.token(user)).status == 403)
        }
        #expect(clean)
    }

    @Test func nameAndPictureComeFromTheTokensUserMetadata() async throws {
        let clean = try await AccountLive.run { session in
            let now = Int(Date().timeIntervalSince1970)
            let id = UUID().uuidString.lowercased()
            let payload = #"{"aud":"authenticated","sub":"\#(id)","email":"meta@example.com","role":"authenticated","iat":\#(now),"exp":\#(now + 600),"user_metadata":{"full_name":"Grace Hopper","avatar_url":"https://img.example/g.png"}}"#
            let token = TokenMinter.sign(headerJSON: Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8), payloadJSON: Array(payload.utf8),
                                         secret: try IdentitySetup.secret(for: session.config))
            let reply = try session.call("POST", "/api/auth/google", json: ["access_token": token])
            #expect(reply.status == 200)
            let summary = AccountJSONValue.object(try StackFixture.jsonObject(reply.body)["user"])
            #expect(summary["id"] as? String == id)
            #expect(summary["name"] as? String == "Grace Hopper")
            #expect(summary["profilePicture"] as? String == "https://img.example/g.png")
        }
        #expect(clean)
    }

    @Test func badTokensAre401() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("x@example.com")
            let secret = try IdentitySetup.secret(for: session.config)
            let expired = try TokenMinter.mint(sub: user.id, email: user.email, ttl: 60, secret: secret,
                                               now: Int(Date().timeIntervalSince1970) - 7200)
            let otherKey = try TokenMinter.mint(sub: user.id, email: user.email, secret: String(repeating: "z", count: 48))
            let valid = try session.token(user)
            let tampered = String(valid.dropLast(2)) + (valid.hasSuffix("AA") ? "BB" : "AA")
            for token in [expired, otherKey, tampered, "not-a-jwt", "a.b.c", String(repeating: "x", count: 20_000)] {
                let reply = try session.call("POST", "/api/auth/google", json: ["access_token": token])
                #expect(reply.status == 401, "token \(token.prefix(40))")
                #expect(try StackFixture.jsonObject(reply.body)["error"] as? String == "Invalid token")
            }
            #expect(try await session.application.store.user(id: user.id) == nil)
        }
        #expect(clean)
    }

    @Test func missingTokenOrMalformedBodyIs400() async throws {
        let clean = try await AccountLive.run { session in
            let bodies: [[UInt8]] = [
                Array(#"{"refresh_token":"r"}"#.utf8), Array(#"{"access_token":""}"#.utf8), Array(#"{"access_token":"   "}"#.utf8),
                Array(#"{"access_token":null}"#.utf8), Array(#"{"access_token":42}"#.utf8), Array(#"{"access_token":"#.utf8),
                Array("not json".utf8), Array("[]".utf8), Array(#"{"access_token":"a","deviceId":7}"#.utf8), [0xFF, 0xFE, 0x00],
            ]
            for body in bodies {
                let reply = try session.call("POST", "/api/auth/google", raw: body)
                #expect(reply.status == 400, "body \(String(decoding: body, as: UTF8.self))")
                #expect((try StackFixture.jsonObject(reply.body)["error"] as? String)?.isEmpty == false)
            }
            let empty = try session.call("POST", "/api/auth/google")
            #expect(empty.status == 400)
            let huge = try session.call("POST", "/api/auth/google", raw: Array(#"{"access_token":""#.utf8)
                + [UInt8](repeating: 0x61, count: 70 * 1024) + Array(#""}"#.utf8))
            #expect(huge.status == 400 || huge.status == 413)
        }
        #expect(clean)
    }

    @Test func aDeviceIdRegistersTheDeviceAtSignInAndValidation() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("dev@example.com")
            try session.signIn(user, deviceId: "laptop-1")
            #expect(try await session.application.store.devices(userID: user.id).map(\.deviceID) == ["laptop-1"])
            let reply = try session.call("POST", "/api/auth/validate", token: session.token(user), json: ["deviceId": "desk-2"])
            #expect(reply.status == 200)
            #expect(Set(try await session.application.store.devices(userID: user.id).map(\.deviceID)) == ["laptop-1", "desk-2"])
            try session.signIn(user, deviceId: "laptop-1")
            #expect(try await session.application.store.devices(userID: user.id).count == 2)
            let bad = try session.call("POST", "/api/auth/google", json: ["access_token": try session.token(user), "deviceId": "a\u{1}b"])
            #expect(bad.status == 400)
            let long = try session.call("POST", "/api/auth/google", json: [
                "access_token": try session.token(user), "deviceId": String(repeating: "d", count: 201),
            ])
            #expect(long.status == 400)
            #expect(try await session.application.store.devices(userID: user.id).count == 2)
        }
        #expect(clean)
    }
}
