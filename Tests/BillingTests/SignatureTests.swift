import TestSupport
@testable import Billing
import Crypto
import Testing

/// `StripeSignature.verify` against signatures computed here with swift-crypto, independently of the code under test.
@Suite struct BillingSignatureTests {
    static let secret = "whsec_test_0123456789abcdef"
    static let payload = Array(#"{"id":"evt_1","type":"invoice.paid","created":1700000000}"#.utf8)
    static let now = 1_700_000_000

    /// The hex HMAC-SHA256 of `"<t>.<payload>"`, as Stripe computes it.
    static func v1(_ payload: [UInt8], t: Int, secret: String = secret) -> String {
        StripeTestSignature.v1(payload, t: t, secret: secret)
    }

    static func failure(_ header: String?, payload: [UInt8] = payload, secret: String = secret, now: Int = now) -> WebhookError? {
        do {
            try StripeSignature.verify(payload: payload, header: header, secret: secret, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func validSignatureIsAccepted() {
        #expect(Self.failure("t=\(Self.now),v1=\(Self.v1(Self.payload, t: Self.now))") == nil)
        // Spaces around items and an uppercase hex signature are tolerated.
        #expect(Self.failure(" t=\(Self.now) , v1=\(Self.v1(Self.payload, t: Self.now).uppercased()) ") == nil)
    }

    @Test func wrongSecretIsRefused() {
        let header = "t=\(Self.now),v1=\(Self.v1(Self.payload, t: Self.now, secret: "whsec_other"))"
        #expect(Self.failure(header) == .signatureMismatch)
        #expect(Self.failure("t=\(Self.now),v1=\(Self.v1(Self.payload, t: Self.now))", secret: "whsec_other") == .signatureMismatch)
    }

    @Test func staleAndFutureTimestampsAreRefused() {
        let old = Self.now - 301
        #expect(Self.failure("t=\(old),v1=\(Self.v1(Self.payload, t: old))") == .staleTimestamp(timestamp: old, now: Self.now))
        let future = Self.now + 301
        #expect(Self.failure("t=\(future),v1=\(Self.v1(Self.payload, t: future))") == .staleTimestamp(timestamp: future, now: Self.now))
        // Exactly the tolerance is still accepted, both ways.
        for t in [Self.now - 300, Self.now + 300] {
            #expect(Self.failure("t=\(t),v1=\(Self.v1(Self.payload, t: t))") == nil)
        }
    }

    @Test func anyOfSeveralV1ValuesMayMatch() {
        let good = Self.v1(Self.payload, t: Self.now)
        let bad = Self.v1(Self.payload, t: Self.now, secret: "whsec_old_secret")
        #expect(Self.failure("t=\(Self.now),v1=\(bad),v1=\(good)") == nil)
        #expect(Self.failure("t=\(Self.now),v1=\(good),v1=\(bad)") == nil)
        #expect(Self.failure("t=\(Self.now),v0=\(good),v1=\(bad)") == .signatureMismatch)
        // A v0 scheme alone is not a signature this server accepts.
        #expect(Self.failure("t=\(Self.now),v0=\(good)") == .noSignature)
        // A broken v1 next to a good one does not spoil it.
        #expect(Self.failure("t=\(Self.now),v1=zz,v1=\(good)") == nil)
    }

    @Test func tamperedPayloadIsRefused() {
        let header = "t=\(Self.now),v1=\(Self.v1(Self.payload, t: Self.now))"
        var tampered = Self.payload
        tampered[tampered.count - 2] ^= 0x01
        #expect(Self.failure(header, payload: tampered) == .signatureMismatch)
        #expect(Self.failure(header, payload: Self.payload + [0x20]) == .signatureMismatch)
        #expect(Self.failure(header, payload: Array(Self.payload.dropLast())) == .signatureMismatch)
        // The timestamp is signed too: moving it breaks the signature.
        #expect(Self.failure("t=\(Self.now + 1),v1=\(Self.v1(Self.payload, t: Self.now))") == .signatureMismatch)
    }

    @Test func missingAndMalformedHeadersAreRefused() {
        let good = Self.v1(Self.payload, t: Self.now)
        #expect(Self.failure(nil) == .missingHeader)
        #expect(Self.failure("") == .missingHeader)
        #expect(Self.failure("   ") == .missingHeader)
        let malformed = [
            "v1=\(good)", "t=,v1=\(good)", "t=abc,v1=\(good)", "t=-5,v1=\(good)", "t=1.5,v1=\(good)",
            "t=\(Self.now),t=\(Self.now),v1=\(good)", "t=\(Self.now);v1=\(good)", "t=\(Self.now),garbage",
            "t=\(Self.now),=x,v1=\(good)", "t=99999999999999999999,v1=\(good)", "t=\(Self.now),v1=\(good)," ,
            "t=\(Self.now),v1=\(good)" + String(repeating: ",v1=\(good)", count: 200),
        ]
        for header in malformed { #expect(Self.failure(header) == .malformedHeader, "\(header.prefix(80))") }
        #expect(Self.failure("t=\(Self.now)") == .noSignature)
        #expect(Self.failure("t=\(Self.now),v1=") == .signatureMismatch)
        #expect(Self.failure("t=\(Self.now),v1=\(good.dropLast(2))") == .signatureMismatch)
        #expect(Self.failure("t=\(Self.now),v1=\(good)00") == .signatureMismatch)
    }

    @Test func constantTimeComparisonIsExact() {
        #expect(StripeSignature.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!StripeSignature.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!StripeSignature.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(StripeSignature.constantTimeEqual([], []))
    }
}
