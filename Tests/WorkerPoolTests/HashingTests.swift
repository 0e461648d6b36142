@testable import AudioFormat
@testable import WorkerPool
import Testing

@Suite struct WorkerPoolHashingTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ])
    func knownDigests(text: String, expected: String) {
        #expect(AudioHasher.sha256Hex(Array(text.utf8)) == expected)
    }

    @Test func hashingOnThePoolMatchesHashingInPlace() async throws {
        let pool = WorkerPool(workers: 2, queueSize: 4, jobTimeout: .seconds(30))
        let audio = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let onPool = try await pool.run { AudioHasher.sha256Hex(audio) }
        #expect(onPool == AudioHasher.sha256Hex(audio))
        #expect(onPool.count == 64 && onPool.allSatisfy { "0123456789abcdef".contains($0) })
        var changed = audio
        changed[12345] ^= 1
        let flipped = changed
        #expect(try await pool.run { AudioHasher.sha256Hex(flipped) } != onPool)
        await pool.drain()
    }
}
