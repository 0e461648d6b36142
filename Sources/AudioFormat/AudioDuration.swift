/// How long a piece of audio plays, read from its headers without decoding it: used for
/// metering when the provider reports no duration.
public enum AudioDuration {
    /// Seconds of audio in `bytes` of the given format, or nil when the headers do not say.
    ///
    /// - WAV: exact, the data chunk's length (cut to the bytes present) over the byte rate.
    /// - FLAC: exact, STREAMINFO's total samples over its sample rate.
    /// - MP3: the Xing/Info or VBRI frame count when present, else the first frame's
    ///   bitrate applied to the rest of the bytes (exact for constant bitrate).
    /// - Ogg (Opus, Vorbis): the last page's granule position over the sample rate.
    /// - Others: nil.
    public static func estimate(_ bytes: [UInt8], format: AudioFormat) -> Double? {
        let reader = ByteReader(bytes)
        let seconds: Double? = switch format {
        case .wav: WAVDuration.seconds(in: reader)
        case .flac: FLACDuration.seconds(in: reader)
        case .mp3: MP3Duration.seconds(in: reader)
        case .ogg: OggDuration.seconds(in: reader)
        case .webm, .matroska, .m4a, .mp4: nil
        }
        guard let seconds, seconds.isFinite, seconds >= 0 else { return nil }
        return seconds
    }
}

/// Duration of a RIFF/WAVE file from its `fmt ` and `data` chunks.
enum WAVDuration {
    /// Most chunks walked before giving up.
    static let maxChunks = 256

    static func seconds(in reader: ByteReader) -> Double? {
        guard reader.matches("RIFF", at: 0), reader.matches("WAVE", at: 8) else { return nil }
        var byteRate: UInt32?
        var dataLength: Int?
        var offset = 12
        for _ in 0..<maxChunks {
            guard let size = reader.uint32LE(at: offset + 4) else { break }
            let bodyStart = offset + 8
            let available = reader.count - bodyStart
            if reader.matches("fmt ", at: offset) {
                guard size >= 16, let rate = reader.uint32LE(at: bodyStart + 8),
                      let sampleRate = reader.uint32LE(at: bodyStart + 4),
                      let blockAlign = reader.uint16LE(at: bodyStart + 12) else { return nil }
                byteRate = rate != 0 ? rate : sampleRate.multipliedReportingOverflow(by: UInt32(blockAlign)).partialValue
            } else if reader.matches("data", at: offset) {
                // 0xFFFFFFFF marks a streamed file whose length was never filled in.
                dataLength = size == UInt32.max || Int(size) > available ? available : Int(size)
            }
            if byteRate != nil, dataLength != nil { break }
            guard Int(size) <= available else { break }
            offset = bodyStart + Int(size) + Int(size & 1)
        }
        guard let byteRate, byteRate > 0, let dataLength else { return nil }
        return Double(dataLength) / Double(byteRate)
    }
}

/// Duration of a FLAC stream from its STREAMINFO block, which must come first.
enum FLACDuration {
    static func seconds(in reader: ByteReader) -> Double? {
        let start = ID3Tag.length(in: reader) ?? 0
        guard reader.matches("fLaC", at: start), let blockHeader = reader.uint8(at: start + 4),
              blockHeader & 0x7F == 0, let info = reader.uint32BE(at: start + 4), info & 0x00FF_FFFF >= 34 else {
            return nil
        }
        // STREAMINFO: 10 bytes of block and frame sizes, then 20 bits of sample rate,
        // 3 of channels, 5 of bits per sample and 36 of total samples.
        let packed = start + 8 + 10
        guard let high = reader.uint32BE(at: packed), let low = reader.uint32BE(at: packed + 4) else { return nil }
        let sampleRate = high >> 12
        let totalSamples = UInt64(high & 0x0F) << 32 | UInt64(low)
        guard sampleRate > 0, totalSamples > 0 else { return nil }
        return Double(totalSamples) / Double(sampleRate)
    }
}

/// Duration of an Ogg Opus or Ogg Vorbis stream: the granule position of the stream's last
/// page (48 kHz samples less the pre-skip for Opus, samples at the stream's rate for
/// Vorbis).
enum OggDuration {
    /// How far from the end to look for the last page.
    static let tailWindow = 256 * 1024

    static func seconds(in reader: ByteReader) -> Double? {
        guard reader.matches("OggS", at: 0), reader.uint8(at: 4) == 0, let segments = reader.uint8(at: 26),
              let serial = reader.uint32LE(at: 14) else { return nil }
        let packet = 27 + Int(segments)
        let sampleRate: Double
        var preSkip: UInt64 = 0
        if reader.matches("OpusHead", at: packet), let skip = reader.uint16LE(at: packet + 10) {
            sampleRate = 48000
            preSkip = UInt64(skip)
        } else if reader.matches("\u{1}vorbis", at: packet), let rate = reader.uint32LE(at: packet + 12), rate > 0 {
            sampleRate = Double(rate)
        } else {
            return nil
        }
        guard let granule = lastGranule(in: reader, serial: serial) else { return nil }
        return Double(granule > preSkip ? granule - preSkip : 0) / sampleRate
    }

    /// The granule position of the last complete-enough page of the stream `serial`.
    private static func lastGranule(in reader: ByteReader, serial: UInt32) -> UInt64? {
        var offset = reader.count - 27
        let lowest = max(0, reader.count - tailWindow)
        while offset >= lowest {
            if reader.matches("OggS", at: offset), reader.uint8(at: offset + 4) == 0,
               reader.uint32LE(at: offset + 14) == serial, let granule = reader.uint64LE(at: offset + 6),
               granule != UInt64.max {
                return granule
            }
            offset -= 1
        }
        return nil
    }
}
