import Compression
import Testing

@Suite("One-shot round trips")
struct RoundTripTests {
    static let inputs: [(String, [UInt8])] = [
        ("empty", []),
        ("small", Array("hello, world".utf8)),
        ("one byte", [0]),
        ("1 MiB random", TestBytes.random(1 << 20)),
        ("1 MiB compressible", TestBytes.compressible(1 << 20)),
    ]

    @Test("compress then inflate gives the input back", arguments: ContentCoding.allCases, [0, 1, 6, 9, -1])
    func roundTrip(coding: ContentCoding, level: Int) throws {
        for (name, input) in Self.inputs {
            let compressed = try Compressor.compress(input, coding: coding, level: level)
            let restored = try Inflater.decompress(compressed, coding: coding, maxOutput: input.count)
            #expect(restored == input, "\(name) at level \(level)")
        }
    }

    @Test("gzip output starts with the gzip magic, deflate with a valid zlib header")
    func headers() throws {
        let input = TestBytes.compressible(5000)
        let gzip = try Compressor.compress(input, coding: .gzip, level: 6)
        #expect(Array(gzip.prefix(3)) == [0x1F, 0x8B, 0x08])
        let deflate = try Compressor.compress(input, coding: .deflate, level: 6)
        #expect(deflate[0] & 0x0F == 8, "method: deflate")
        #expect(deflate[0] >> 4 <= 7, "window at most 32 KiB")
        #expect((Int(deflate[0]) * 256 + Int(deflate[1])) % 31 == 0)
        let large = try Compressor.compress(TestBytes.compressible(100_000), coding: .deflate, level: 6)
        #expect(large[0] == 0x78, "a 32 KiB window for a large body")
    }

    @Test("compressible input shrinks a lot, random input grows only by framing")
    func sizes() throws {
        let text = TestBytes.compressible(1 << 20)
        #expect(try Compressor.compress(text, coding: .gzip, level: 6).count < text.count / 50)
        let noise = TestBytes.random(1 << 20)
        let compressed = try Compressor.compress(noise, coding: .gzip, level: 6)
        #expect(compressed.count < noise.count + noise.count / 1000 + 64)
    }

    @Test("levels outside -1…9 are refused with a typed error", arguments: [10, -2, 100, Int.max, Int.min])
    func invalidLevel(level: Int) {
        #expect {
            _ = try Compressor.compress([1, 2, 3], coding: .gzip, level: level)
        } throws: { error in
            let error = error as? CompressionError
            return error?.code == CompressionError.invalidArgument && error?.operation == "deflateInit2"
        }
    }

    @Test("a negative output limit is refused")
    func negativeLimit() {
        #expect(throws: CompressionError.self) {
            _ = try Inflater(coding: .gzip, maxOutput: -1)
        }
    }

    @Test("errors describe the operation and code")
    func errorDescription() {
        do {
            _ = try Inflater.decompress([1, 2, 3, 4], coding: .deflate, maxOutput: 100)
            Issue.record("corrupt input was accepted")
        } catch {
            #expect(error.operation == "inflate")
            #expect(error.description.hasPrefix("inflate failed (-3): "))
        }
    }
}
