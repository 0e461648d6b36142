@testable import Compression
import Testing

@Suite("Deflater reuse and sizing")
struct DeflaterReuseTests {
    @Test("a reset deflater compresses body after body", arguments: ContentCoding.allCases)
    func resetReuses(coding: ContentCoding) throws {
        var deflater = try Deflater(coding: coding, level: 6)
        let bodies = [[], TestBytes.compressible(5000), TestBytes.random(70_000), Array("x".utf8)]
        for body in bodies + bodies {
            let compressed = try deflater.compressAndFinish(body)
            #expect(try Inflater.decompress(compressed, coding: coding, maxOutput: body.count) == body)
            #expect(throws: CompressionError.self) { _ = try deflater.compressAndFinish(body) }
            try deflater.reset()
        }
    }

    @Test("reset recovers a deflater that was used part-way")
    func resetAfterPartialUse() throws {
        var deflater = try Deflater(coding: .gzip, level: 6)
        var discarded: [UInt8] = []
        try deflater.compress(TestBytes.random(10_000), into: &discarded)
        try deflater.reset()
        let body = TestBytes.compressible(3000)
        let compressed = try deflater.compressAndFinish(body)
        #expect(try Inflater.decompress(compressed, coding: .gzip, maxOutput: body.count) == body)
    }

    @Test("compressAndFinish after earlier compress calls finishes the same stream")
    func compressAndFinishAppends() throws {
        var deflater = try Deflater(coding: .deflate, level: 6)
        let head = TestBytes.compressible(50_000)
        let tail = TestBytes.random(1000)
        var output: [UInt8] = []
        try deflater.compress(head, into: &output)
        output += try deflater.compressAndFinish(tail)
        #expect(try Inflater.decompress(output, coding: .deflate, maxOutput: 51_000) == head + tail)
    }

    @Test("a size hint smaller than the input still gives a correct stream", arguments: ContentCoding.allCases)
    func wrongSizeHint(coding: ContentCoding) throws {
        let body = TestBytes.compressible(300_000)
        var deflater = try Deflater(coding: coding, level: 9, sizeHint: 100)
        let compressed = try deflater.compressAndFinish(body)
        #expect(try Inflater.decompress(compressed, coding: coding, maxOutput: body.count) == body)
        #expect(try ExternalDecoder.gunzip(Compressor.compress(body, coding: .gzip, level: 1)) == body)
    }

    @Test("window sizes follow the input size", arguments: [
        (nil, 15, 8), (-1, 15, 8), (0, 9, 3), (250, 9, 3), (251, 10, 4), (4096, 13, 7),
        (7930, 13, 7), (7931, 14, 7), (16_122, 14, 7), (16_123, 15, 8), (1 << 30, 15, 8),
    ] as [(Int?, Int32, Int32)])
    func parameters(count: Int?, windowBits: Int32, memLevel: Int32) {
        #expect(DeflateParameters.sized(for: count) == DeflateParameters(windowBits: windowBits, memLevel: memLevel))
    }
}
