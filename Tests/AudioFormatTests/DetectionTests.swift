import TestSupport
@testable import AudioFormat
import Testing

@Suite struct AudioFormatDetectionTests {
    typealias Fixtures = AudioFixtures

    static let samples: [(AudioFormat, [UInt8])] = [
        (.wav, Fixtures.wav(dataBytes: 320)),
        (.mp3, Fixtures.mp3(frames: 3)),
        (.mp3, Fixtures.mp3(frames: 1)),
        (.mp3, Fixtures.id3(size: 100) + Fixtures.mp3(frames: 2)),
        (.mp3, Fixtures.id3(size: 20) + [0, 0, 0] + Fixtures.mp3(frames: 2)),
        (.mp3, Fixtures.mp3WithXing(frames: 10)),
        (.flac, Fixtures.flac(sampleRate: 16000, totalSamples: 32000)),
        (.flac, Fixtures.id3(size: 10) + Fixtures.flac(sampleRate: 16000, totalSamples: 32000)),
        (.ogg, Fixtures.opus(granule: 48000, preSkip: 312)),
        (.webm, Fixtures.ebml(docType: "webm")),
        (.matroska, Fixtures.ebml(docType: "matroska")),
        (.m4a, Fixtures.ftyp(major: "M4A ", compatible: ["M4A ", "mp42", "isom"])),
        (.mp4, Fixtures.ftyp(major: "isom", compatible: ["isom", "iso2", "avc1", "mp41"])),
        (.mp4, Fixtures.ftyp(major: "mp42", compatible: [])),
        (.m4a, Fixtures.ftyp(major: "XXXX", compatible: ["abcd", "M4A "])),
    ]

    @Test func detectsEachFormat() {
        for (index, (format, bytes)) in Self.samples.enumerated() {
            #expect(AudioFormat.detect(bytes) == format, "sample \(index)")
        }
    }

    @Test(arguments: [
        [UInt8](), [0], Array("hello world, this is text".utf8), [UInt8](repeating: 0, count: 4096),
        [UInt8](repeating: 0xFF, count: 4096), Array("RIFF\u{0}\u{0}\u{0}\u{0}AVI LIST".utf8),
        Array("<html><body>".utf8), Array("%PDF-1.7".utf8), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        Array("OggS\u{1}".utf8), AudioFixtures.ebml(docType: "mkvx"), AudioFixtures.ftyp(major: "qt  ", compatible: ["qt  "]),
        [0xFF, 0xF1, 0x50, 0x80, 0x00, 0x1F, 0xFC], // AAC ADTS: layer bits 00
        [0xFF, 0xFB, 0xF0, 0x64], // bitrate index 15
        [0xFF, 0xFB, 0x9C, 0x64], // sample rate index 3
        [0xFF, 0xEB, 0x90, 0x64], // MPEG version "reserved"
        [0xFF, 0xFB, 0x90, 0x66], // reserved emphasis
        AudioFixtures.mp3Header + [UInt8](repeating: 0, count: 500), // second frame missing where it should be
        AudioFixtures.id3(size: 50), // a tag and no audio
        AudioFixtures.id3(size: 50) + Array("not audio at all".utf8) + [UInt8](repeating: 0, count: 100),
    ])
    func refusesOthers(bytes: [UInt8]) {
        #expect(AudioFormat.detect(bytes) == nil)
    }

    @Test func truncatedHeadersAreRefused() {
        let cuts: [(AudioFormat, [UInt8], Int)] = [
            (.wav, Fixtures.wav(dataBytes: 10), 12),
            (.flac, Fixtures.flac(sampleRate: 1, totalSamples: 1), 4),
            (.ogg, Fixtures.opus(granule: 1, preSkip: 0), 5),
            (.webm, Fixtures.ebml(docType: "webm"), 20),
            (.m4a, Fixtures.ftyp(major: "M4A ", compatible: []), 12),
            (.mp3, Fixtures.mp3(frames: 2), 4),
        ]
        for (format, bytes, needed) in cuts {
            for length in 0..<needed {
                #expect(AudioFormat.detect(Array(bytes.prefix(length))) == nil, "\(format) cut to \(length)")
            }
            #expect(AudioFormat.detect(Array(bytes.prefix(needed))) == format, "\(format) cut to \(needed)")
        }
    }

    @Test func hostileEBMLAndFtypSizesNeverTrap() {
        let hostile: [[UInt8]] = [
            [0x1A, 0x45, 0xDF, 0xA3, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x42, 0x82, 0x84],
            [0x1A, 0x45, 0xDF, 0xA3, 0x00], [0x1A, 0x45, 0xDF, 0xA3, 0x88, 0x42, 0x82, 0x08, 0xFF, 0xFF],
            [0x1A, 0x45, 0xDF, 0xA3, 0x85, 0x42, 0x82, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [0x1A, 0x45, 0xDF, 0xA3, 0x85, 0x00, 0x00, 0x00, 0x00, 0x00],
            [0xFF, 0xFF, 0xFF, 0xFF] + Array("ftypM4A ".utf8), [0, 0, 0, 8] + Array("ftypM4A ".utf8),
        ]
        // An oversized ftyp box is read only as far as the bytes go.
        let expected: [AudioFormat?] = [nil, nil, nil, nil, nil, .m4a, nil]
        #expect(hostile.map(AudioFormat.detect) == expected)
    }

    @Test func mimeTypesAndExtensions() {
        #expect(AudioFormat.wav.mimeType == "audio/wav" && AudioFormat.wav.fileExtension == "wav")
        #expect(AudioFormat.mp3.mimeType == "audio/mpeg" && AudioFormat.mp3.fileExtension == "mp3")
        #expect(AudioFormat.m4a.fileExtension == "m4a" && AudioFormat.webm.mimeType == "audio/webm")
        for format in AudioFormat.allCases {
            #expect(!format.fileExtension.isEmpty && format.mimeType.contains("/"))
        }
    }

    @Test func randomBytesNeverTrap() {
        var random = SplitMix64(seed: 7)
        let prefixes: [[UInt8]] = [
            Array("RIFF".utf8), Array("fLaC".utf8), Array("OggS\u{0}".utf8), [0x1A, 0x45, 0xDF, 0xA3], [0xFF, 0xFB],
            Array("ID3\u{4}\u{0}".utf8), [0, 0, 0, 24] + Array("ftyp".utf8), [],
        ]
        var detected = 0
        for round in 0..<4000 {
            let length = Int(random.next() % 200)
            let bytes = prefixes[round % prefixes.count] + (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if let format = AudioFormat.detect(bytes) {
                detected += 1
                _ = AudioDuration.estimate(bytes, format: format)
            }
            for format in AudioFormat.allCases { _ = AudioDuration.estimate(bytes, format: format) }
        }
        #expect(detected < 4000)
    }
}
