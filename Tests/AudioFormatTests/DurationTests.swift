import TestSupport
@testable import AudioFormat
import Foundation
import Testing

@Suite struct AudioFormatDurationTests {
    typealias Fixtures = AudioFixtures

    @Test func wavIsExact() {
        #expect(AudioDuration.estimate(Fixtures.wav(dataBytes: 48000), format: .wav) == 1.5)
        #expect(AudioDuration.estimate(Fixtures.wav(sampleRate: 44100, channels: 2, dataBytes: 176_400), format: .wav) == 1.0)
        #expect(AudioDuration.estimate(Fixtures.wav(dataBytes: 32000, extraChunk: true), format: .wav) == 1.0)
        #expect(AudioDuration.estimate(Fixtures.wav(dataBytes: 0), format: .wav) == 0)
    }

    @Test func wavWithLyingOrStreamingLengthUsesTheBytesPresent() {
        #expect(AudioDuration.estimate(Fixtures.wav(dataBytes: 16000, declaredData: .max), format: .wav) == 0.5)
        #expect(AudioDuration.estimate(Fixtures.wav(dataBytes: 16000, declaredData: 0x7FFF_F000), format: .wav) == 0.5)
        let truncated = Array(Fixtures.wav(dataBytes: 32000).prefix(44 + 8000))
        #expect(AudioDuration.estimate(truncated, format: .wav) == 0.25)
    }

    @Test func wavWithZeroRateOrBrokenFmtIsUnknown() {
        #expect(AudioDuration.estimate(Fixtures.wav(sampleRate: 0, dataBytes: 100, byteRate: 0), format: .wav) == nil)
        var brokenFmt = Fixtures.wav(dataBytes: 100)
        brokenFmt.replaceSubrange(16..<20, with: Fixtures.le32(8)) // fmt chunk too short
        #expect(AudioDuration.estimate(brokenFmt, format: .wav) == nil)
        var hugeFmt = Fixtures.wav(dataBytes: 100)
        hugeFmt.replaceSubrange(16..<20, with: Fixtures.le32(0xFFFF_FFF0))
        #expect(AudioDuration.estimate(hugeFmt, format: .wav) == nil)
        #expect(AudioDuration.estimate(Array(Fixtures.wav(dataBytes: 100).prefix(30)), format: .wav) == nil)
        #expect(AudioDuration.estimate(Fixtures.ebml(docType: "webm"), format: .wav) == nil)
    }

    @Test func flacIsTimedByItsFrames() {
        // STREAMINFO's total is not believed (issue 12): the frames present are counted.
        #expect(AudioDuration.estimate(AudioDurationForgeryTests.flac(claimedSamples: 32000, frames: 8), format: .flac) == 2.048)
        #expect(AudioDuration.estimate(Fixtures.id3(size: 30) + AudioDurationForgeryTests.flac(claimedSamples: 0x1_0000_0000, frames: 4),
                                       format: .flac) == 1.024)
    }

    @Test func flacWithoutRateOrSamplesIsUnknown() {
        #expect(AudioDuration.estimate(Fixtures.flac(sampleRate: 0, totalSamples: 100), format: .flac) == nil)
        #expect(AudioDuration.estimate(Fixtures.flac(sampleRate: 16000, totalSamples: 0), format: .flac) == 0)
        #expect(AudioDuration.estimate(Array(Fixtures.flac(sampleRate: 16000, totalSamples: 9).prefix(20)), format: .flac) == nil)
        var notStreamInfo = Fixtures.flac(sampleRate: 16000, totalSamples: 9)
        notStreamInfo[4] = 0x84
        #expect(AudioDuration.estimate(notStreamInfo, format: .flac) == nil)
    }

    @Test func mp3FromFramesPresent() throws {
        let frames = 100
        let estimate = try #require(AudioDuration.estimate(Fixtures.mp3(frames: frames), format: .mp3))
        #expect(estimate == Double(frames * 1152) / 44100)
        let withTags = Fixtures.id3(size: 500) + Fixtures.mp3(frames: frames) + Array("TAG".utf8) + [UInt8](repeating: 0, count: 125)
        #expect(AudioDuration.estimate(withTags, format: .mp3) == estimate)
    }

    @Test func mp3IgnoresTheXingFrameCount() {
        // The Xing frame itself holds no audio; its count (1000) is not believed (issue 12).
        #expect(AudioDuration.estimate(Fixtures.mp3WithXing(frames: 1000), format: .mp3) == 2.0 * 1152 / 44100)
    }

    @Test func mp3WithoutFramesIsUnknown() {
        #expect(AudioDuration.estimate(Fixtures.id3(size: 40), format: .mp3) == nil)
        #expect(AudioDuration.estimate([UInt8](repeating: 0x55, count: 1000), format: .mp3) == nil)
    }

    @Test func opusFromPacketsPresent() {
        // Two audio packets: TOC 1 (2 × 10 ms) and TOC 4 (10 ms); the granule claiming 3 s is not believed.
        #expect(AudioDuration.estimate(Fixtures.opus(granule: 3 * 48000 + 312, preSkip: 312), format: .ogg) == Double(1440 - 312) / 48000)
        #expect(AudioDuration.estimate(Fixtures.opus(granule: 100, preSkip: 312), format: .ogg) == 0)
        #expect(AudioDuration.estimate(Array(Fixtures.opus(granule: 48000, preSkip: 0).prefix(30)), format: .ogg) == nil)
    }

    @Test func containersWithoutAParserAreUnknown() {
        #expect(AudioDuration.estimate(Fixtures.ebml(docType: "webm"), format: .webm) == nil)
        #expect(AudioDuration.estimate(Fixtures.ftyp(major: "M4A ", compatible: []), format: .m4a) == nil)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/espeak-ng")))
    func espeakWavIsDetectedAndTimedExactly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eloquent-espeak-\(UInt32.random(in: 0...UInt32.max)).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
        process.arguments = ["-w", path, "the quick brown fox jumps over the lazy dog"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(AudioFormat.detect(bytes) == .wav)
        // espeak-ng writes a canonical 44-byte header; read its byte rate independently.
        let byteRate = Int(bytes[28]) | Int(bytes[29]) << 8 | Int(bytes[30]) << 16 | Int(bytes[31]) << 24
        let duration = try #require(AudioDuration.estimate(bytes, format: .wav))
        #expect(duration == Double(bytes.count - 44) / Double(byteRate))
        #expect(duration > 1 && duration < 10)
    }
}
