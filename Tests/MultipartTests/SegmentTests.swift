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

@Suite struct MultipartCapacityTests {
    @Test func theFilePartIsCollectedIntoTheReservedBuffer() async throws {
        var builder = MultipartBuilder()
        builder.addField(name: "model", value: "m")
        let audio = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        builder.addFile(name: "file", filename: "a.wav", contentType: "audio/wav", bytes: audio)
        let body = builder.build()
        var chunks = stride(from: 0, to: body.count, by: 4096).map { Array(body[$0..<min(body.count, $0 + 4096)]) }
        let form = try await MultipartForm.collect(MultipartParser(boundary: builder.boundary), fileCapacity: body.count) {
            chunks.isEmpty ? nil : chunks.removeFirst()
        }
        let file = try #require(form.files["file"])
        #expect(file.bytes == audio)
        // Sized once from the declared length: never regrown (a doubling array would end at a power-of-two size).
        #expect(file.bytes.capacity >= body.count && file.bytes.capacity < body.count + 4096)
        #expect(form.fields["model"] == "m")
    }
}
