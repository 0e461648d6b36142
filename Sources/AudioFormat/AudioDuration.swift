/// What the bytes of an audio file hold, measured only from values a decoder uses.
public struct AudioMeasurement: Sendable, Equatable {
    /// Seconds a decoder would play.
    public var seconds: Double
    /// Bytes of coded audio (the WAV `data` bytes present, the MP3 bytes from the first frame on, …): what the charge
    /// bounds of ``AudioDuration/bounds(audioBytes:format:)`` are applied to.
    public var audioBytes: Int

    public init(seconds: Double, audioBytes: Int) {
        self.seconds = seconds
        self.audioBytes = audioBytes
    }
}

/// How long a piece of audio plays, read without decoding it: the figure metering charges when the provider reports
/// none, and the reservation a transcription holds while it runs (SPEC section 7).
///
/// Durations come only from values a decoder uses, never from header fields a client can forge independently of the
/// audio:
/// - WAV: sample rate, channels and sample size from `fmt `, and the whole sample frames actually present in `data`
///   (never the byte-rate field, never a declared length past the end of the bytes).
/// - MP3: the frames actually present, walked one by one (a Xing/Info/VBRI frame is recognised as such and not
///   counted; its frame count is never believed).
/// - FLAC: the frames actually present (headers with a valid CRC-8, in sequence), never STREAMINFO's total.
/// - Ogg Opus: the samples each audio packet's TOC byte codes, less the pre-skip (the last granule only trims the end
///   when it agrees); Ogg Vorbis: granule positions, each page's advance capped by what its packets can hold.
/// - WebM, Matroska, M4A, MP4: not read (nil).
///
/// A duration taken from the file is always clamped between what its audio bytes can hold at the format's highest and
/// lowest plausible bitrates (``AudioFormat/plausibleBitrates``), so that no header can make a charge absurdly small
/// or large. A provider's own figure (it decoded the audio) is charged as given.
public enum AudioDuration {
    /// Seconds of audio in `bytes` of the given format, measured from what a decoder uses; nil when unreadable.
    public static func estimate(_ bytes: [UInt8], format: AudioFormat) -> Double? {
        measure(bytes, format: format)?.seconds
    }

    /// The measurement of `bytes`, or nil when the format has no reader here or the bytes hold no readable audio.
    public static func measure(_ bytes: [UInt8], format: AudioFormat) -> AudioMeasurement? {
        let reader = ByteReader(bytes)
        let measured: AudioMeasurement? = switch format {
        case .wav: WAVDuration.measure(in: reader)
        case .flac: FLACDuration.measure(in: reader)
        case .mp3: MP3Duration.measure(in: reader)
        case .ogg: OggDuration.measure(in: reader)
        case .webm, .matroska, .m4a, .mp4: nil
        }
        guard let measured, measured.seconds.isFinite, measured.seconds >= 0, measured.audioBytes >= 0 else { return nil }
        return measured
    }

    /// The seconds `audioBytes` of coded audio can hold: at the format's highest plausible bitrate (the least) and at
    /// its lowest (the most).
    public static func bounds(audioBytes: Int, format: AudioFormat) -> ClosedRange<Double> {
        let bits = Double(max(0, audioBytes)) * 8
        let rates = format.plausibleBitrates
        return (bits / Double(rates.upperBound))...(bits / Double(rates.lowerBound))
    }

    /// The seconds to charge for a transcription of `bytes`: the provider's figure when it gave one (it decoded the
    /// audio), else the measured one, else the size at the format's typical bitrate, these two always within
    /// ``bounds(audioBytes:format:)``.
    public static func chargeableSeconds(_ bytes: [UInt8], format: AudioFormat, reported: Double?) -> Double {
        chargeableSeconds(measurement: measure(bytes, format: format), totalBytes: bytes.count, format: format, reported: reported)
    }

    /// As ``chargeableSeconds(_:format:reported:)`` with the measurement already made.
    public static func chargeableSeconds(measurement: AudioMeasurement?, totalBytes: Int, format: AudioFormat, reported: Double?) -> Double {
        if let reported, reported.isFinite, reported >= 0 { return reported }
        let audioBytes = measurement?.audioBytes ?? totalBytes
        let range = bounds(audioBytes: audioBytes, format: format)
        let figure = measurement?.seconds ?? Double(audioBytes) * 8 / Double(format.typicalBitrate)
        return min(max(figure, range.lowerBound), range.upperBound)
    }

    /// The seconds to reserve before the provider is asked (SPEC section 7): the measured seconds when the file can be
    /// read (clamped like a charge), else its size at the format's lowest plausible bitrate, the most it can hold.
    public static func reservationSeconds(measurement: AudioMeasurement?, totalBytes: Int, format: AudioFormat) -> Double {
        if let measurement {
            return chargeableSeconds(measurement: measurement, totalBytes: totalBytes, format: format, reported: nil)
        }
        return bounds(audioBytes: totalBytes, format: format).upperBound
    }
}

extension AudioFormat {
    /// Bits per second a file of this format plausibly codes audio at: the lowest is what its codecs go down to for
    /// speech, the highest what they reach for multichannel high-resolution audio. Charges are clamped to what the
    /// bytes hold between these.
    public var plausibleBitrates: ClosedRange<Int> {
        switch self {
        // PCM: 8 kHz × 1 channel × 8 bits up to 384 kHz × 8 channels × 32 bits.
        case .wav: 64_000...98_304_000
        // MPEG-2.5 layer III at 8 kbit/s up to MPEG-1 layer I at 448 kbit/s.
        case .mp3: 8_000...448_000
        // Lossless: well-predicted speech goes far below PCM; the top is PCM's.
        case .flac: 4_000...98_304_000
        // Opus from 6 kbit/s; Vorbis and multichannel Opus up to about 1 Mbit/s.
        case .ogg: 6_000...1_024_000
        // Opus or Vorbis in Matroska (browsers record at 32 kbit/s and up); video may ride along.
        case .webm, .matroska: 6_000...50_000_000
        // HE-AAC v2 from 8 kbit/s up to ALAC.
        case .m4a: 8_000...20_000_000
        case .mp4: 8_000...100_000_000
        }
    }

    /// The bitrate a file of this format is charged at when nothing else tells its duration (no reader here and no
    /// figure from the provider).
    public var typicalBitrate: Int {
        switch self {
        case .wav: 256_000
        case .mp3: 128_000
        case .flac: 512_000
        case .ogg, .webm, .matroska: 64_000
        case .m4a: 128_000
        case .mp4: 256_000
        }
    }
}
