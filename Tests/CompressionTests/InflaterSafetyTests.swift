import Compression
import Testing

@Suite("Inflater limits and hostile input")
struct InflaterSafetyTests {
    @Test("output exactly at the limit is accepted, one byte more is refused", arguments: ContentCoding.allCases)
    func limitBoundary(coding: ContentCoding) throws {
        let input = TestBytes.compressible(100_000)
        let compressed = try Compressor.compress(input, coding: coding, level: 6)
        #expect(try Inflater.decompress(compressed, coding: coding, maxOutput: input.count) == input)
        #expect(errorCode {
            _ = try Inflater.decompress(compressed, coding: coding, maxOutput: input.count - 1)
        } == CompressionError.outputLimitExceeded)
        #expect(errorCode {
            _ = try Inflater.decompress(compressed, coding: coding, maxOutput: 0)
        } == CompressionError.outputLimitExceeded)
    }

    @Test("a zip bomb stops at the limit without producing its full size", arguments: ContentCoding.allCases)
    func zipBomb(coding: ContentCoding) throws {
        var deflater = try Deflater(coding: coding, level: 1)
        var bomb: [UInt8] = []
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<64 { try deflater.compress(zeros, into: &bomb) }  // 64 MiB of zeros
        try deflater.finish(into: &bomb)
        #expect(bomb.count < 1 << 19, "at least 128:1")
        let limit = 1 << 20
        var inflater = try Inflater(coding: coding, maxOutput: limit)
        var output: [UInt8] = []
        #expect(errorCode {
            try inflater.decompress(bomb, into: &output)
        } == CompressionError.outputLimitExceeded)
        #expect(output.count <= limit + 1)
        let total = inflater.totalOutput
        #expect(total <= limit + 1)
        #expect(errorCode {
            try inflater.decompress([0], into: &output)
        } == CompressionError.streamClosed)
    }

    @Test("random bytes are refused", arguments: ContentCoding.allCases)
    func randomBytes(coding: ContentCoding) {
        for seed in 1...50 as ClosedRange<UInt64> {
            let garbage = TestBytes.random(Int(seed) * 37, seed: seed)
            #expect(throws: CompressionError.self) {
                _ = try Inflater.decompress(garbage, coding: coding, maxOutput: 1 << 20)
            }
        }
    }

    @Test("every truncation of a stream is refused", arguments: ContentCoding.allCases)
    func truncations(coding: ContentCoding) throws {
        let input = TestBytes.compressible(3000) + TestBytes.random(300)
        let compressed = try Compressor.compress(input, coding: coding, level: 6)
        for length in 0..<compressed.count {
            #expect(throws: CompressionError.self, "length \(length)") {
                _ = try Inflater.decompress(Array(compressed.prefix(length)), coding: coding, maxOutput: 1 << 20)
            }
        }
        var inflater = try Inflater(coding: coding, maxOutput: 1 << 20)
        var output: [UInt8] = []
        try inflater.decompress(Array(compressed.dropLast(3)), into: &output)
        #expect(errorCode { try inflater.finish() } == CompressionError.truncatedInput)
    }

    @Test("a changed byte anywhere is refused or changes nothing", arguments: ContentCoding.allCases)
    func corruptedBytes(coding: ContentCoding) throws {
        let input = TestBytes.compressible(2000) + TestBytes.random(200)
        let compressed = try Compressor.compress(input, coding: coding, level: 6)
        for index in compressed.indices {
            var corrupt = compressed
            corrupt[index] ^= 0x5A
            // gzip's MTIME, XFL and OS header bytes are not covered by any check.
            if let decoded = try? Inflater.decompress(corrupt, coding: coding, maxOutput: 1 << 20) {
                #expect(decoded == input, "byte \(index)")
                #expect(coding == .gzip && (4...9).contains(index), "byte \(index) not detected")
            }
        }
    }

    @Test("the wrong coding is refused")
    func wrongCoding() throws {
        let input = TestBytes.compressible(1000)
        let gzip = try Compressor.compress(input, coding: .gzip, level: 6)
        let deflate = try Compressor.compress(input, coding: .deflate, level: 6)
        #expect(throws: CompressionError.self) { _ = try Inflater.decompress(gzip, coding: .deflate, maxOutput: 5000) }
        #expect(throws: CompressionError.self) { _ = try Inflater.decompress(deflate, coding: .gzip, maxOutput: 5000) }
    }

    @Test("bytes after a deflate stream are refused")
    func trailingDeflate() throws {
        let compressed = try Compressor.compress(TestBytes.compressible(1000), coding: .deflate, level: 6)
        #expect(errorCode {
            _ = try Inflater.decompress(compressed + [0], coding: .deflate, maxOutput: 5000)
        } == CompressionError.trailingData)
    }

    @Test("concatenated gzip members decode in order; garbage after a member is refused")
    func gzipMembers() throws {
        let first = Array("first member, ".utf8)
        let second = TestBytes.compressible(5000)
        let joined = try Compressor.compress(first, coding: .gzip, level: 1)
            + Compressor.compress(second, coding: .gzip, level: 9)
        #expect(try Inflater.decompress(joined, coding: .gzip, maxOutput: 10_000) == first + second)
        #expect(try ExternalDecoder.gunzip(joined) == first + second)
        #expect(throws: CompressionError.self) {
            _ = try Inflater.decompress(joined + [0x1F, 0x8B, 0x00, 0x42], coding: .gzip, maxOutput: 10_000)
        }
        #expect(errorCode {
            _ = try Inflater.decompress(joined, coding: .gzip, maxOutput: 5000)
        } == CompressionError.outputLimitExceeded)
    }
}
