@testable import Multipart
import Testing

@Suite struct MultipartBuilderTests {
    @Test func builtBodyParsesBack() async throws {
        var builder = MultipartBuilder()
        builder.addField(name: "model", value: "whisper-large-v3-turbo")
        builder.addField(name: "prompt", value: "naïve\r\n--not a boundary")
        let audio = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        builder.addFile(name: "file", filename: "audio.wav", contentType: "audio/wav", bytes: audio)
        let body = builder.build()
        let boundary = try MultipartBoundary.parse(contentType: builder.contentType)
        #expect(boundary == builder.boundary)
        var chunks = stride(from: 0, to: body.count, by: 333).map { Array(body[$0..<min(body.count, $0 + 333)]) }
        let form = try await MultipartForm.collect(MultipartParser(boundary: boundary)) {
            chunks.isEmpty ? nil : chunks.removeFirst()
        }
        #expect(form.fields == ["model": "whisper-large-v3-turbo", "prompt": "naïve\r\n--not a boundary"])
        #expect(form.files["file"] == MultipartFile(filename: "audio.wav", contentType: "audio/wav", bytes: audio))
    }

    @Test func boundariesAreRandomAndValid() {
        let first = MultipartBuilder().boundary.value
        let second = MultipartBuilder().boundary.value
        #expect(first != second)
        #expect(first.utf8.count <= 70 && first.utf8.count >= 40)
        #expect((try? MultipartBoundary(first)) != nil)
    }

    @Test func quotesAndLineBreaksInNamesAreEncoded() throws {
        var builder = MultipartBuilder(boundary: try MultipartBoundary("b"))
        builder.addFile(name: "f\"x", filename: "a\r\n\".wav", contentType: "audio/wav\r\nX: y", bytes: [1])
        let body = builder.build()
        let events = try MultipartTestSupport.parse(body, boundary: "b")
        #expect(events == [.partBegin(name: "f%22x", filename: "a%0D%0A%22.wav", contentType: "audio/wavX: y"), .partData([1]), .partEnd])
    }

    @Test func emptyBuilderIsAValidEmptyForm() throws {
        let builder = MultipartBuilder(boundary: try MultipartBoundary("b"))
        #expect(builder.build() == Array("--b--\r\n".utf8))
        #expect(try MultipartTestSupport.parse(builder.build(), boundary: "b").isEmpty)
    }
}
