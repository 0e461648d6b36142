@testable import Multipart
import Testing

@Suite struct MultipartSegmentTests {
    @Test func segmentsAreTheBuiltBodyWithTheFileBytesAsGiven() {
        var builder = MultipartBuilder()
        builder.addField(name: "model", value: "whisper-large-v3-turbo")
        let audio = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        builder.addFile(name: "file", filename: "audio.wav", contentType: "audio/wav", bytes: audio)
        builder.addField(name: "language", value: "de")
        let segments = builder.buildSegments()
        #expect(Array(segments.joined()) == builder.build())
        // Framing, the file's own bytes, framing.
        #expect(segments.count == 3)
        #expect(segments[1] == audio)
        #expect(!segments.contains { $0.isEmpty })
    }

    @Test func fieldsOnlyGiveOneSegment() {
        var builder = MultipartBuilder()
        builder.addField(name: "a", value: "b")
        #expect(builder.buildSegments() == [builder.build()])
    }
}
