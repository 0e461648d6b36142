@testable import Multipart
import Testing

@Suite struct MultipartFormTests {
    typealias Support = MultipartTestSupport

    struct ReadFailure: Error, Equatable {}

    /// `body` as an async sequence of `size`-byte chunks.
    private func stream(_ body: [UInt8], size: Int) -> AsyncStream<[UInt8]> {
        AsyncStream { continuation in
            for start in stride(from: 0, to: body.count, by: size) {
                continuation.yield(Array(body[start..<min(body.count, start + size)]))
            }
            continuation.finish()
        }
    }

    @Test func collectsFromAnAsyncSequence() async throws {
        let form = try await MultipartForm.collect(try Support.parser(), chunks: stream(Support.sampleBody, size: 7))
        #expect(form.fields == ["language": "en", "mode": "grammar"])
        #expect(form.files["audio"] == MultipartFile(
            filename: "clip.wav", contentType: "audio/wav", bytes: Support.bytes("RIFF\r\n--XyZ-bound\r\n--\r\n\r\n--XyZ-boundar")))
    }

    @Test func collectsFromAReadClosure() async throws {
        var chunks = [Array(Support.sampleBody.prefix(50)), Array(Support.sampleBody.dropFirst(50))]
        let form = try await MultipartForm.collect(try Support.parser()) {
            chunks.isEmpty ? nil : chunks.removeFirst()
        }
        #expect(form.fields["mode"] == "grammar")
        #expect(form.files.keys.sorted() == ["audio"])
    }

    @Test func streamInPlaceMatchesEveryPieceSize() throws {
        let expected = MultipartFile(filename: "clip.wav", contentType: "audio/wav",
                                     bytes: Support.bytes("RIFF\r\n--XyZ-bound\r\n--\r\n\r\n--XyZ-boundar"))
        let body = Support.sampleBody
        for size in 1...body.count {
            var stream = MultipartFormStream(try Support.parser(), fileCapacity: body.count)
            try body.withUnsafeBytes { raw in
                for start in stride(from: 0, to: raw.count, by: size) {
                    try stream.receive(UnsafeRawBufferPointer(rebasing: raw[start..<min(raw.count, start + size)]))
                }
            }
            let form = try stream.finish()
            #expect(form.fields == ["language": "en", "mode": "grammar"], "piece size \(size)")
            #expect(form.files["audio"] == expected, "piece size \(size)")
        }
    }

    @Test func streamInPlaceFailsLikeTheParser() throws {
        var truncated = MultipartFormStream(try Support.parser())
        try Array(Support.sampleBody.prefix(120)).withUnsafeBytes { try truncated.receive($0) }
        #expect(throws: MultipartError.truncated) { _ = try truncated.finish() }

        var duplicate = MultipartFormStream(try Support.parser("q"))
        let part = "--q\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nx\r\n"
        #expect(throws: MultipartError.duplicateFile(name: "f")) {
            try Support.bytes(part + part + "--q--").withUnsafeBytes { try duplicate.receive($0) }
        }
        // Failed for good.
        #expect(throws: MultipartError.duplicateFile(name: "f")) { try Support.bytes("--q--").withUnsafeBytes { try duplicate.receive($0) } }
    }

    @Test func readErrorsPropagate() async throws {
        await #expect(throws: ReadFailure()) {
            _ = try await MultipartForm.collect(try Support.parser()) { throw ReadFailure() }
        }
    }

    @Test func truncatedStreamFails() async throws {
        await #expect(throws: MultipartError.truncated) {
            _ = try await MultipartForm.collect(try Support.parser(), chunks: stream(Array(Support.sampleBody.prefix(120)), size: 16))
        }
    }

    @Test func repeatedFieldsAreAllKeptFirstWins() async throws {
        let body = Support.bytes(
            "--q\r\nContent-Disposition: form-data; name=\"timestamp_granularities[]\"\r\n\r\nword\r\n"
                + "--q\r\nContent-Disposition: form-data; name=\"timestamp_granularities[]\"\r\n\r\nsegment\r\n--q--")
        let form = try await MultipartForm.collect(try Support.parser("q"), chunks: stream(body, size: 5))
        #expect(form.fields == ["timestamp_granularities[]": "word"])
        #expect(form.values(of: "timestamp_granularities[]") == ["word", "segment"])
        #expect(form.allFields.count == 2)
    }

    @Test func twoFilesWithOneNameFail() {
        var collector = MultipartFormCollector()
        let file: [MultipartEvent] = [.partBegin(name: "file", filename: "a", contentType: nil), .partData([1]), .partEnd]
        #expect(throws: MultipartError.duplicateFile(name: "file")) { try collector.consume(file + file) }
    }

    @Test func nonUTF8FieldFailsNamingIt() {
        var collector = MultipartFormCollector()
        let events: [MultipartEvent] = [.partBegin(name: "language", filename: nil, contentType: nil), .partData([0xFF, 0xFE]), .partEnd]
        #expect(throws: MultipartError.fieldNotUTF8(name: "language")) { try collector.consume(events) }
        #expect(MultipartError.fieldNotUTF8(name: "language").message.contains("\"language\""))
    }

    @Test func fileDataAcrossManyEventsIsJoined() throws {
        var collector = MultipartFormCollector()
        try collector.consume([.partBegin(name: "f", filename: "x", contentType: "audio/wav"), .partData([1, 2])])
        try collector.consume([.partData([3]), .partData([]), .partData([4, 5]), .partEnd])
        #expect(collector.form.files["f"]?.bytes == [1, 2, 3, 4, 5])
    }
}
