import Testing
import TestSupport
import Glibc
import Basics
@testable import Eloquent

/// `UPLOAD_MIN_RATE`: an upload slower than the minimum (averaged after its first 10 s) is cut with 408, reaches no
/// provider and charges nothing; the slot it held is free again for honest uploads.
@Suite struct TranscriptionSlowUploadTests {
    @Test func aTricklingUploadIsCutWith408WhileAnHonestOneGetsThrough() async throws {
        let clean = try await TranscriptionLive.withProvider(["MAX_CONCURRENT_REQUESTS": "1", "READ_TIMEOUT": "30s"]) { provider, session in
            let form = TranscriptionUpload.form([], file: ("audio", "a.wav", TranscriptionUpload.wav(seed: 70)))
            let trickler = try RawClient(port: session.port, timeoutSeconds: 20)
            try trickler.send("POST \(TranscriptionUpload.desktopPath) HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer \(session.token)\r\nContent-Type: \(form.contentType)\r\n"
                + "Content-Length: \(form.body.count)\r\n\r\n")
            // One byte every 200 ms (5 B/s, far under the default 1 KiB/s) until the server answers.
            var sent = 0
            var answered = false
            let started = SystemClock.monotonicNanos()
            while sent < form.body.count, SystemClock.monotonicNanos() - started < 20_000_000_000 {
                var poller = pollfd(fd: trickler.fd, events: Int16(POLLIN), revents: 0)
                if poll(&poller, 1, 200) > 0 { answered = true; break }
                guard (try? trickler.send([form.body[sent]])) != nil else { break }
                sent += 1
                // Meanwhile an honest upload gets through at the same cap.
                if sent == 5 {
                    #expect(try TranscriptionUpload.desktop(session, audio: TranscriptionUpload.wav(seed: 71)).status == 200)
                }
            }
            #expect(answered)
            let reply = try trickler.readReply()
            #expect(reply.status == 408)
            #expect(reply.text.contains("Upload too slow"))
            // Cut after its first 10 s, long before its body was complete.
            #expect(sent < form.body.count)
            // Only the honest upload reached the provider; the trickler holds nothing any more.
            #expect(provider.transcriptionRecords.count == 1)
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 0)
        }
        #expect(clean)
    }
}
