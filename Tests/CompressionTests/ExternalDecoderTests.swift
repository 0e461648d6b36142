import Compression
import Testing

@Suite("Interoperability with gzip(1) and Python's zlib")
struct ExternalDecoderTests {
    static let inputs: [[UInt8]] = [
        [],
        Array("hello, world".utf8),
        TestBytes.random(1 << 20),
        TestBytes.compressible(1 << 20),
    ]

    @Test("/bin/gzip -dc decodes our gzip", arguments: [1, 6, 9])
    func gzipDecodesOurs(level: Int) throws {
        for input in Self.inputs {
            let compressed = try Compressor.compress(input, coding: .gzip, level: level)
            #expect(try ExternalDecoder.gunzip(compressed) == input)
        }
    }

    @Test("Python's zlib.decompress decodes our deflate", arguments: [1, 6, 9])
    func pythonDecodesOurs(level: Int) throws {
        for input in Self.inputs {
            let compressed = try Compressor.compress(input, coding: .deflate, level: level)
            #expect(try ExternalDecoder.pythonZlibDecompress(compressed) == input)
        }
    }

    @Test("streamed and flushed output is decodable by both")
    func streamedOutput() throws {
        let input = TestBytes.compressible(300_000) + TestBytes.random(50_000)
        for coding in ContentCoding.allCases {
            var deflater = try Deflater(coding: coding, level: 5)
            var output: [UInt8] = []
            for (turn, piece) in TestBytes.pieces(input, sizes: [1, 4093, 70_000, 17]).enumerated() {
                try deflater.compress(piece, into: &output)
                if turn % 5 == 0 { try deflater.flush(into: &output) }
            }
            try deflater.finish(into: &output)
            let decoded = coding == .gzip
                ? try ExternalDecoder.gunzip(output)
                : try ExternalDecoder.pythonZlibDecompress(output)
            #expect(decoded == input)
        }
    }

    @Test("our Inflater decodes Python's zlib and gzip output")
    func weDecodePython() throws {
        let input = TestBytes.compressible(200_000) + TestBytes.random(10_000)
        let zlibBytes = try ExternalDecoder.pythonZlibCompress(input, level: 9)
        #expect(try Inflater.decompress(zlibBytes, coding: .deflate, maxOutput: input.count) == input)
        let gzipBytes = try ExternalDecoder.pythonGzipCompress(input)
        #expect(try Inflater.decompress(gzipBytes, coding: .gzip, maxOutput: input.count) == input)
    }
}
