import Testing
import TestSupport
@testable import Eloquent

/// `UPLOAD_MEMORY_LIMIT`: beyond it, 503 + `Retry-After` before the body is read. `MAX_CONCURRENT_REQUESTS`: a
/// transcription slot is taken only once the body is complete; beyond it, 503 + `Retry-After`.
@Suite struct TranscriptionAdmissionTests {
    @Test func anUploadOverTheMemoryBudgetIsRefusedBeforeItsBodyIsRead() async throws {
        let clean = try await TranscriptionLive.withProvider(["UPLOAD_MEMORY_LIMIT": "1MiB", "UPLOAD_MIN_RATE": "0"]) { provider, session in
            let form = TranscriptionUpload.form([], file: ("audio", "a.wav", TranscriptionUpload.wav(seed: 60, dataBytes: 600_000)))
            let head = "POST \(TranscriptionUpload.desktopPath) HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer \(session.token)\r\nContent-Type: \(form.contentType)\r\n"
                + "Content-Length: \(form.body.count)\r\n\r\n"
            // The first upload sends half its body: its declared length is reserved while it streams in.
            let first = try RawClient(port: session.port, timeoutSeconds: 15)
            try first.send(Array(head.utf8) + form.body[..<(form.body.count / 2)])
            #expect(try await TranscriptionLive.eventually {
                try TranscriptionLive.metric(session.port, "eloquent_upload_bytes_reserved") == Double(form.body.count)
            })
            // The second declares as much again: it does not fit, and is refused before its body is read.
            let second = try RawClient(port: session.port)
            try second.send(head)
            let refused = try second.readReply()
            #expect(refused.status == 503)
            #expect(Int(refused.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(refused.header("Connection")?.lowercased() == "close")
            #expect(try second.isClosedByServer())
            #expect(try TranscriptionLive.metric(session.port, "eloquent_uploads_refused_total") == 1)
            // Other routes are not held back.
            #expect(try StackLive.send(session.port, "/health").status == 200)

            try first.send(Array(form.body[(form.body.count / 2)...]))
            let answer = try first.readReply()
            #expect(answer.status == 200)
            #expect(try TranscriptionLive.metric(session.port, "eloquent_upload_bytes_reserved") == 0)
            #expect(try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 61)).status == 200)
            #expect(provider.transcriptionRecords.count == 2)
        }
        #expect(clean)
    }

    @Test func aSlotIsTakenOnlyOnceTheBodyIsComplete() async throws {
        let clean = try await TranscriptionLive.withProvider(["MAX_CONCURRENT_REQUESTS": "1", "UPLOAD_MIN_RATE": "0"]) { provider, session in
            provider.reply = .held(TranscriptionLive.transcript)
            // A client that sends only its head holds no slot while its body is awaited…
            let waiting = try RawClient(port: session.port, timeoutSeconds: 15)
            let form = TranscriptionUpload.form([], file: ("audio", "w.wav", TranscriptionUpload.wav(seed: 62)))
            try waiting.send("POST \(TranscriptionUpload.desktopPath) HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer \(session.token)\r\nContent-Type: \(form.contentType)\r\n"
                + "Content-Length: \(form.body.count)\r\n\r\n")
            // …so a complete upload takes the only slot and reaches the provider, where it is held.
            let first = try RawClient(port: session.port, timeoutSeconds: 15)
            let firstForm = TranscriptionUpload.form([], file: ("audio", "a.wav", TranscriptionUpload.wav(seed: 63)))
            try first.send(StackLive.requestBytes("POST", TranscriptionUpload.desktopPath, headers: [
                ("Authorization", "Bearer " + session.token), ("Content-Type", firstForm.contentType),
            ], body: firstForm.body))
            #expect(try await TranscriptionLive.eventually { provider.waitingCount == 1 })
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 1)

            // The waiting client's body completes while the slot is taken: 503 + Retry-After, provider untouched.
            try waiting.send(form.body)
            let refused = try waiting.readReply()
            #expect(refused.status == 503, "\(refused.text)")
            #expect(Int(refused.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_refused_total") == 1)

            provider.release()
            #expect(try first.readReply().status == 200)
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 0)
            #expect(try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 64)).status == 200)
            #expect(provider.transcriptionRecords.count == 2)
        }
        #expect(clean)
    }
}
