import Testing
import TestSupport
@testable import Eloquent

/// `MAX_CONCURRENT_REQUESTS`: beyond it, 503 + `Retry-After` before the body is read.
@Suite struct TranscriptionAdmissionTests {
    @Test func aSecondTranscriptionIsRefusedBeforeItsBodyIsRead() async throws {
        let clean = try await TranscriptionLive.withProvider(["MAX_CONCURRENT_REQUESTS": "1"]) { provider, session in
            provider.reply = .held(TranscriptionLive.transcript)
            // The first upload reaches the provider and waits there, holding the only slot.
            let form = TranscriptionUpload.form([], file: ("audio", "a.wav", TranscriptionUpload.wav(seed: 60)))
            let first = try RawClient(port: session.port, timeoutSeconds: 15)
            try first.send(StackLive.requestBytes("POST", TranscriptionUpload.desktopPath, headers: [
                ("Authorization", "Bearer " + session.token), ("Content-Type", form.contentType),
            ], body: form.body))
            #expect(try await TranscriptionLive.eventually { provider.waitingCount == 1 })

            // The second sends only its head, announcing 20 MiB it never sends: the answer comes anyway.
            let second = try RawClient(port: session.port)
            try second.send("POST \(TranscriptionUpload.openAIPath) HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer \(session.token)\r\nContent-Type: \(form.contentType)\r\n"
                + "Content-Length: \(20 << 20)\r\n\r\n")
            let refused = try second.readReply()
            #expect(refused.status == 503)
            #expect(Int(refused.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(try TranscriptionOpenAITests.openAIError(refused.body)["type"] as? String == "server_error")
            // The unread body is not waited for: the connection closes.
            #expect(refused.header("Connection")?.lowercased() == "close")
            #expect(try second.isClosedByServer())
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_refused_total") == 1)
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 1)

            // Other routes are not held back by admission.
            #expect(try StackLive.send(session.port, "/health").status == 200)

            provider.release()
            let answer = try first.readReply()
            #expect(answer.status == 200)
            #expect(try StackFixture.jsonObject(answer.body)["text"] as? String == TranscriptionLive.transcript)
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 0)
            // The slot is free again.
            #expect(try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 61)).status == 200)
            #expect(provider.transcriptionRecords.count == 2)
        }
        #expect(clean)
    }
}
