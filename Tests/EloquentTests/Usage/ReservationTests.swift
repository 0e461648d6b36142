import Accounts
import Storage
import Testing
import TestSupport
@testable import Eloquent

/// The quota is reserved at admission and settled at the end (issue 12, SPEC section 7): parallel transcriptions can
/// never take a month past its limit.
@Suite struct UsageReservationTests {
    @Test func twentyParallelReservationsNeverPassTheLimitAndSettleExactly() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("parallel@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 3590).0 == 200)
            let store = session.application.store
            let record = try #require(try await store.user(id: user.id))
            let metering = Metering(store: store, logger: StackFixture.quietLogger)
            let outcomes = await withTaskGroup(of: UsageReservation?.self) { group in
                for _ in 0..<20 {
                    group.addTask { try? await metering.reserve(record, seconds: 2) }
                }
                var all: [UsageReservation?] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let granted = outcomes.compactMap { $0 }
            #expect(granted.count == 5)
            #expect(metering.reservations.held(by: user.id) == 10)
            for reservation in granted {
                _ = try await metering.recordSuccess(record, seconds: 2, mode: "standard", language: "en", processingMs: 1,
                                                     reservation: reservation)
            }
            #expect(try await session.monthSeconds(user) == 3600)
            #expect(metering.reservations.held(by: user.id) == 0)
            await #expect(throws: UsageRefusal.self) { _ = try await metering.reserve(record, seconds: 0.5) }
        }
        #expect(clean)
    }

    @Test func aFailureRefundsAndALongerMeasurementIsCappedAtTheLimit() async throws {
        let clean = try await AccountLive.run { session in
            let user = AccountUser("settle@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 3590).0 == 200)
            let store = session.application.store
            let record = try #require(try await store.user(id: user.id))
            let metering = Metering(store: store, logger: StackFixture.quietLogger)
            let failed = try #require(try await metering.reserve(record, seconds: 8))
            await #expect(throws: UsageRefusal.self) { _ = try await metering.reserve(record, seconds: 3) }
            await metering.recordFailure(record, mode: "standard", language: "en", processingMs: 1,
                                         reason: "provider failed (502)", reservation: failed)
            #expect(try await session.monthSeconds(user) == 3590)
            let first = try #require(try await metering.reserve(record, seconds: 4))
            let second = try #require(try await metering.reserve(record, seconds: 4))
            // The provider measured 9 s for the first: only what fits beside the second's 4 s is charged.
            _ = try await metering.recordSuccess(record, seconds: 9, mode: "standard", language: "en", processingMs: 1, reservation: first)
            #expect(try await session.monthSeconds(user) == 3596)
            _ = try await metering.recordSuccess(record, seconds: 4, mode: "standard", language: "en", processingMs: 1, reservation: second)
            #expect(try await session.monthSeconds(user) == 3600)
        }
        #expect(clean)
    }

    @Test func aFreeUserWithOneSecondLeftGetsOneOfTwentyParallelTranscriptions() async throws {
        let clean = try await UsageMeteringTests.withProvider { session, provider in
            let user = AccountUser("onesecond@example.com")
            try session.signIn(user)
            #expect(try session.report(user, seconds: 3599).0 == 200)
            let form = AccountUpload.form(audio: AccountUpload.wav(samples: 16_000))  // 1 s at 16 kHz
            let token = try session.token(user)
            let request = StackLive.requestBytes("POST", "/api/transcribe/audio", headers: [
                ("Authorization", "Bearer " + token), ("Content-Type", form.contentType),
            ], body: form.body)
            let clients = try (0..<20).map { _ in try RawClient(port: session.port, timeoutSeconds: 60) }
            for client in clients { try client.send(request) }
            let statuses = try clients.map { try $0.readReply().status }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 403 }.count == 19)
            #expect(provider.calls == 1)
            // The provider said 90 s; the month cannot pass its 60 minutes.
            #expect(try await session.monthSeconds(user) == 3600)
        }
        #expect(clean)
    }
}
