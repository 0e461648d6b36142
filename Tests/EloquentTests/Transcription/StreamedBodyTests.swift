@testable import Multipart
import Testing
import TestSupport
@testable import Eloquent

/// The provider body goes out as framing around the collected audio buffer (no rebuilt copy): what the stand-in
/// parses must be exactly what the client sent, for an upload large enough to take many libcurl reads.
@Suite struct TranscriptionStreamedBodyTests {
    @Test func aLargeUploadReachesTheProviderIntact() async throws {
        let clean = try await TranscriptionLive.withProvider { provider, session in
            let audio = TranscriptionUpload.wav(seed: 80, dataBytes: 3 << 20)
            let reply = try TranscriptionUpload.openAI(session, audio: audio, format: "json", language: "fr")
            #expect(reply.status == 200)
            let records = provider.transcriptionRecords
            try #require(records.count == 1)
            #expect(records[0].problems.isEmpty)
            #expect(records[0].fields["model"] == TranscriptionLive.model)
            #expect(records[0].fields["language"] == "fr")
            #expect(records[0].file?.bytes == audio)
            #expect(records[0].file?.filename.hasSuffix(".wav") == true)
        }
        #expect(clean)
    }
}
