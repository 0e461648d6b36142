import Testing
import TestSupport
@testable import Eloquent

/// Oversized uploads: 413 before the body is read (declared length) or as it streams (chunked), provider untouched.
@Suite struct TranscriptionLimitsTests {
    static let limit = 64 * 1024

    @Test func declaredLengthOverTheLimitIs413BeforeTheBody() async throws {
        let clean = try await TranscriptionLive.withProvider(["MAX_BODY_BYTES": "64KiB"]) { provider, session in
            let client = try RawClient(port: session.port)
            try client.send("POST \(TranscriptionUpload.openAIPath) HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer \(session.token)\r\nContent-Type: multipart/form-data; boundary=B\r\n"
                + "Content-Length: \(Self.limit + 1)\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 413)
            // Refused by the HTTP layer before routing, so in the desktop shape even under /v1 (see the report).
            #expect(reply.text.contains("Request too large"))
            #expect(reply.header("Connection")?.lowercased() == "close")
            #expect(try client.isClosedByServer())
            #expect(provider.transcriptionRecords.isEmpty)
        }
        #expect(clean)
    }

    @Test(arguments: [TranscriptionUpload.desktopPath, TranscriptionUpload.openAIPath])
    func chunkedUploadPastTheLimitIs413(path: String) async throws {
        let clean = try await TranscriptionLive.withProvider(["MAX_BODY_BYTES": "64KiB"]) { provider, session in
            let field = path == TranscriptionUpload.desktopPath ? "audio" : "file"
            let form = TranscriptionUpload.form([], file: (field, "big.wav", TranscriptionUpload.wav(seed: 90, dataBytes: 2 * Self.limit)))
            var request = Array(("POST \(path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(session.token)\r\n"
                + "Content-Type: \(form.contentType)\r\nTransfer-Encoding: chunked\r\n\r\n").utf8)
            var offset = 0
            while offset < form.body.count {
                let end = min(offset + 16 * 1024, form.body.count)
                request += Array((String(end - offset, radix: 16) + "\r\n").utf8) + form.body[offset..<end] + [13, 10]
                offset = end
            }
            request += Array("0\r\n\r\n".utf8)
            let client = try RawClient(port: session.port)
            try? client.send(request)  // the server may stop reading once it has refused
            let reply = try client.readReply()
            #expect(reply.status == 413)
            #expect(provider.transcriptionRecords.isEmpty)
            #expect(try TranscriptionLive.metric(session.port, "eloquent_transcriptions_in_flight") == 0)
        }
        #expect(clean)
    }
}
