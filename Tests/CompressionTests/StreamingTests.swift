import Compression
import Testing

@Suite("Streaming Deflater and Inflater")
struct StreamingTests {
    static let input = TestBytes.compressible(200_000) + TestBytes.random(30_000) + TestBytes.compressible(70_000)

    @Test("several pieces decode to the same bytes as one shot", arguments: ContentCoding.allCases)
    func piecesEqualOneShot(coding: ContentCoding) throws {
        let oneShot = try Compressor.compress(Self.input, coding: coding, level: 6)
        var deflater = try Deflater(coding: coding, level: 6)
        var streamed: [UInt8] = []
        for piece in TestBytes.pieces(Self.input, sizes: [1, 1000, 65_536, 3, 100_000]) {
            try deflater.compress(piece, into: &streamed)
        }
        try deflater.finish(into: &streamed)
        let limit = Self.input.count
        #expect(try Inflater.decompress(streamed, coding: coding, maxOutput: limit) == Self.input)
        #expect(try Inflater.decompress(oneShot, coding: coding, maxOutput: limit) == Self.input)
        #expect(streamed == oneShot, "zlib's output does not depend on how the input was split")
    }

    @Test("after flush, everything given so far can be decoded", arguments: ContentCoding.allCases)
    func flushMakesInputDecodable(coding: ContentCoding) throws {
        var deflater = try Deflater(coding: coding, level: 6)
        var inflater = try Inflater(coding: coding, maxOutput: Self.input.count)
        var compressed: [UInt8] = []
        var decoded: [UInt8] = []
        var given: [UInt8] = []
        for piece in TestBytes.pieces(Self.input, sizes: [10, 5000, 40_000]) {
            try deflater.compress(piece, into: &compressed)
            try deflater.flush(into: &compressed)
            given += piece
            try inflater.decompress(compressed, into: &decoded)
            compressed.removeAll(keepingCapacity: true)
            #expect(decoded == given)
        }
        try deflater.finish(into: &compressed)
        try inflater.decompress(compressed, into: &decoded)
        try inflater.finish()
        #expect(decoded == Self.input)
        let total = inflater.totalOutput
        #expect(total == Self.input.count)
    }

    @Test("an empty stream finishes into a valid, empty body", arguments: ContentCoding.allCases)
    func emptyStream(coding: ContentCoding) throws {
        var deflater = try Deflater(coding: coding, level: 6)
        var output: [UInt8] = []
        try deflater.compress([], into: &output)
        try deflater.finish(into: &output)
        #expect(!output.isEmpty)
        #expect(try Inflater.decompress(output, coding: coding, maxOutput: 0) == [])
    }

    @Test("using a finished deflater throws instead of corrupting the stream")
    func useAfterFinish() throws {
        var deflater = try Deflater(coding: .gzip, level: 6)
        var output: [UInt8] = []
        try deflater.finish(into: &output)
        let finished = output
        #expect { try deflater.compress([1, 2, 3], into: &output) } throws: { error in
            (error as? CompressionError)?.code == CompressionError.streamClosed
        }
        #expect(throws: CompressionError.self) { try deflater.finish(into: &output) }
        #expect(throws: CompressionError.self) { try deflater.flush(into: &output) }
        #expect(output == finished)
    }

    @Test("inflating one byte at a time gives the same output", arguments: ContentCoding.allCases)
    func inflateByteByByte(coding: ContentCoding) throws {
        let input = TestBytes.compressible(20_000) + TestBytes.random(2_000)
        let compressed = try Compressor.compress(input, coding: coding, level: 9)
        var inflater = try Inflater(coding: coding, maxOutput: input.count)
        var decoded: [UInt8] = []
        for byte in compressed {
            let ended = inflater.isAtEndOfStream
            #expect(!ended)
            try inflater.decompress([byte], into: &decoded)
        }
        let ended = inflater.isAtEndOfStream
        #expect(ended)
        try inflater.finish()
        #expect(decoded == input)
    }

    @Test("a deflater can be discarded part-way without finishing")
    func discardUnfinished() throws {
        for _ in 0..<100 {
            var deflater = try Deflater(coding: .deflate, level: 9)
            var output: [UInt8] = []
            try deflater.compress(TestBytes.random(10_000), into: &output)
            #expect(output.count < 20_000)
        }
    }
}
