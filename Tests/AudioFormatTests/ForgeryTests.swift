import TestSupport
@testable import AudioFormat
import Testing

/// Durations a client cannot forge (issue 12, SPEC section 7): only values a decoder uses count, and a duration read
/// from a file is clamped to what its audio bytes can hold.
@Suite struct AudioDurationForgeryTests {
    typealias Fixtures = AudioFixtures

    /// Sets the WAV fixture's byte-rate field (offset 28) to `value`.
    static func forgingByteRate(_ wav: [UInt8], _ value: UInt32) -> [UInt8] {
        var bytes = wav
        bytes.replaceSubrange(28..<32, with: Fixtures.le32(value))
        return bytes
    }

    @Test func sixtySecondWAVWithByteRateFFFFFFFFIsSixtySeconds() throws {
        let wav = Self.forgingByteRate(Fixtures.wav(sampleRate: 16000, dataBytes: 60 * 32000), 0xFFFF_FFFF)
        #expect(try #require(AudioDuration.estimate(wav, format: .wav)) == 60)
        #expect(AudioDuration.chargeableSeconds(wav, format: .wav, reported: nil) == 60)
    }

    @Test func smallWAVClaimingByteRateOneIsChargedItsSamples() {
        let dataBytes = 1600 - 44
        let wav = Self.forgingByteRate(Fixtures.wav(sampleRate: 16000, dataBytes: dataBytes), 1)
        #expect(wav.count == 1600)
        let charge = AudioDuration.chargeableSeconds(wav, format: .wav, reported: nil)
        #expect(charge == Double(dataBytes / 2) / 16000)
        #expect(charge < 0.05)
    }

    @Test func wavSampleRateForgedLowIsClampedToWhatTheBytesHold() {
        // 8-bit mono at 1 kHz is a real (if odd) format; the bytes at the lowest plausible PCM rate bound the charge.
        let wav = Fixtures.wav(sampleRate: 1000, bits: 8, dataBytes: 16000)
        #expect(AudioDuration.estimate(wav, format: .wav) == 16)
        let upper = AudioDuration.bounds(audioBytes: 16000, format: .wav).upperBound
        #expect(upper == 2)
        #expect(AudioDuration.chargeableSeconds(wav, format: .wav, reported: nil) == upper)
    }

    @Test func mp3Of2300FramesWithXingClaimingOneFrameIsChargedItsFrames() throws {
        var xing = Fixtures.mp3Header + [UInt8](repeating: 0, count: 32) + Fixtures.ascii("Xing") + Fixtures.be32(1) + Fixtures.be32(1)
        xing += [UInt8](repeating: 0, count: Fixtures.mp3FrameLength - xing.count)
        let mp3 = xing + Fixtures.mp3(frames: 2299)
        let expected = 2299.0 * 1152 / 44100
        #expect(try #require(AudioDuration.estimate(mp3, format: .mp3)) == expected)
        #expect(AudioDuration.chargeableSeconds(mp3, format: .mp3, reported: nil) == expected)
        #expect(expected > 60)
    }

    @Test func mp3WithJunkBetweenFramesCountsOnlyFramesAndChargesTheJunkAtTheTopBitrate() throws {
        let junk = [UInt8](repeating: 0x11, count: 10_000)
        let mp3 = Fixtures.mp3(frames: 10) + junk + Fixtures.mp3(frames: 10)
        #expect(try #require(AudioDuration.estimate(mp3, format: .mp3)) == 20.0 * 1152 / 44100)
        let floor = AudioDuration.bounds(audioBytes: mp3.count, format: .mp3).lowerBound
        #expect(AudioDuration.chargeableSeconds(mp3, format: .mp3, reported: nil) == max(20.0 * 1152 / 44100, floor))
    }

    /// A FLAC stream whose STREAMINFO claims `claimedSamples`, with `frames` real frame headers of 4096 samples.
    static func flac(claimedSamples: UInt64, frames: Int, firstNumber: Int = 0) -> [UInt8] {
        var bytes = Fixtures.flac(sampleRate: 16000, totalSamples: claimedSamples)
        for number in firstNumber..<(firstNumber + frames) {
            var header: [UInt8] = [0xFF, 0xF8, 0xC0, 0x08, UInt8(number)]
            header.append(FLACFrameHeader.crc8(ByteReader(header), 0..<header.count)!)
            bytes += header + [UInt8](repeating: 0, count: 40)
        }
        return bytes
    }

    @Test func flacIsTimedByItsFramesNotByStreamInfo() throws {
        let forged = Self.flac(claimedSamples: 1_000_000_000, frames: 3)
        #expect(try #require(AudioDuration.estimate(forged, format: .flac)) == 3 * 4096 / 16000)
        let understated = Self.flac(claimedSamples: 1, frames: 5)
        #expect(try #require(AudioDuration.estimate(understated, format: .flac)) == 5 * 4096 / 16000)
        // A frame header with a bad CRC is not a frame.
        var corrupt = Self.flac(claimedSamples: 0, frames: 2)
        corrupt[corrupt.count - 45] ^= 0x01
        #expect(try #require(AudioDuration.estimate(corrupt, format: .flac)) == 4096 / 16000)
    }

    /// An Ogg Opus stream with `packets` audio packets of 20 ms (TOC config 1 → SILK 20 ms, code 0), whose last page
    /// claims `granule`.
    static func opus(packets: Int, granule: UInt64, preSkip: Int = 312) -> [UInt8] {
        let head = Fixtures.ascii("OpusHead") + [1, 1] + Fixtures.le16(preSkip) + Fixtures.le32(48000) + [0, 0, 0]
        var bytes = Fixtures.oggPage(granule: 0, sequence: 0, packet: head)
            + Fixtures.oggPage(granule: 0, sequence: 1, packet: Fixtures.ascii("OpusTags") + [0, 0, 0, 0, 0, 0, 0, 0])
        for index in 0..<packets {
            let last = index == packets - 1
            bytes += Fixtures.oggPage(granule: last ? granule : UInt64(index + 1) * 960, sequence: UInt32(index + 2),
                                      packet: [0x08, 0xAA, 0xBB])
        }
        return bytes
    }

    @Test func opusIsTimedByItsPacketsNotByAForgedGranule() throws {
        let honest = Self.opus(packets: 100, granule: 100 * 960)
        #expect(try #require(AudioDuration.estimate(honest, format: .ogg)) == Double(100 * 960 - 312) / 48000)
        let inflated = Self.opus(packets: 100, granule: 48000 * 3600)
        #expect(try #require(AudioDuration.estimate(inflated, format: .ogg)) == Double(100 * 960 - 312) / 48000)
        // A granule slightly under the packets' sum trims the end, as a decoder does.
        let trimmed = Self.opus(packets: 100, granule: 100 * 960 - 500)
        #expect(try #require(AudioDuration.estimate(trimmed, format: .ogg)) == Double(100 * 960 - 500 - 312) / 48000)
    }

    @Test func unreadableFormatsAreChargedAtTheTypicalRateAndReservedAtTheLowest() {
        let webm = Fixtures.ebml(docType: "webm") + [UInt8](repeating: 0x42, count: 64_000)
        #expect(AudioDuration.measure(webm, format: .webm) == nil)
        #expect(AudioDuration.chargeableSeconds(webm, format: .webm, reported: nil) == Double(webm.count) * 8 / 64_000)
        #expect(AudioDuration.reservationSeconds(measurement: nil, totalBytes: webm.count, format: .webm)
            == Double(webm.count) * 8 / 6_000)
        // The provider's figure, when it gives one, is what is charged.
        #expect(AudioDuration.chargeableSeconds(webm, format: .webm, reported: 7.5) == 7.5)
    }

    @Test func containersWithoutAudioAreNamed() throws {
        let twelveBytes = Fixtures.ascii("RIFF") + Fixtures.le32(4) + Fixtures.ascii("WAVE")
        #expect(AudioFormat.detect(twelveBytes) == .wav)
        #expect(try #require(AudioFormat.wav.missingAudio(in: twelveBytes)).contains("'fmt '"))
        let fmtOnly = Array(Fixtures.wav(dataBytes: 0).dropLast(8))
        #expect(try #require(AudioFormat.wav.missingAudio(in: fmtOnly)).contains("'data'"))
        #expect(AudioFormat.wav.missingAudio(in: Fixtures.wav(dataBytes: 0)) != nil)
        #expect(AudioFormat.wav.missingAudio(in: Fixtures.wav(dataBytes: 320)) == nil)
        #expect(AudioFormat.flac.missingAudio(in: Fixtures.flac(sampleRate: 16000, totalSamples: 32000)) != nil)
        #expect(AudioFormat.flac.missingAudio(in: Self.flac(claimedSamples: 0, frames: 1)) == nil)
        #expect(AudioFormat.ogg.missingAudio(in: Self.opus(packets: 0, granule: 0)) != nil)
        #expect(AudioFormat.ogg.missingAudio(in: Self.opus(packets: 1, granule: 960)) == nil)
        #expect(AudioFormat.mp3.missingAudio(in: Fixtures.mp3(frames: 2)) == nil)
    }
}
