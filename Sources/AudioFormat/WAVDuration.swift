/// The `fmt ` and `data` chunks of a RIFF/WAVE file, as a decoder reads them.
struct WAVLayout {
    /// Most chunks walked before giving up.
    static let maxChunks = 256

    /// `WAVE_FORMAT_*` tag (the sub-format's for `WAVE_FORMAT_EXTENSIBLE`).
    var formatTag: UInt16
    var channels: Int
    var sampleRate: Int
    var bitsPerSample: Int
    /// Offset and length of the `data` bytes actually present (a declared length past the end is cut to the end).
    var dataStart: Int
    var dataLength: Int

    /// Why a WAV file holds no audio a decoder could play, or nil when it has `fmt ` and `data`.
    enum Problem: Equatable {
        case noFormatChunk, noDataChunk, unusableFormat

        var message: String {
            switch self {
            case .noFormatChunk: "a WAV file without a 'fmt ' chunk"
            case .noDataChunk: "a WAV file without a 'data' chunk"
            case .unusableFormat: "a WAV file whose 'fmt ' chunk gives no usable sample rate, channels or sample size"
            }
        }
    }

    static func read(_ reader: ByteReader) -> Result<WAVLayout, ProblemError> {
        guard reader.matches("RIFF", at: 0), reader.matches("WAVE", at: 8) else { return .failure(.init(.noFormatChunk)) }
        var format: (tag: UInt16, channels: Int, rate: Int, bits: Int)?
        var formatUnusable = false
        var data: (start: Int, length: Int)?
        var offset = 12
        for _ in 0..<maxChunks {
            guard let size = reader.uint32LE(at: offset + 4) else { break }
            let bodyStart = offset + 8
            let available = reader.count - bodyStart
            if reader.matches("fmt ", at: offset), format == nil {
                if size >= 16, let tag = reader.uint16LE(at: bodyStart), let channels = reader.uint16LE(at: bodyStart + 2),
                   let rate = reader.uint32LE(at: bodyStart + 4), let bits = reader.uint16LE(at: bodyStart + 14) {
                    var formatTag = tag
                    if tag == 0xFFFE, size >= 40, let sub = reader.uint16LE(at: bodyStart + 24) { formatTag = sub }
                    format = (formatTag, Int(channels), Int(rate), Int(bits))
                } else {
                    formatUnusable = true
                }
            } else if reader.matches("data", at: offset), data == nil {
                // 0xFFFFFFFF marks a streamed file whose length was never filled in; the bytes present are the audio.
                let length = size == UInt32.max || Int(size) > available ? max(0, available) : Int(size)
                data = (bodyStart, length)
            }
            if format != nil, data != nil { break }
            guard Int(size) <= available else { break }
            offset = bodyStart + Int(size) + Int(size & 1)
        }
        guard let format else { return .failure(.init(formatUnusable ? .unusableFormat : .noFormatChunk)) }
        guard let data else { return .failure(.init(.noDataChunk)) }
        guard (1...64).contains(format.channels), (1_000...768_000).contains(format.rate), (1...64).contains(format.bits) else {
            return .failure(.init(.unusableFormat))
        }
        return .success(WAVLayout(formatTag: format.tag, channels: format.channels, sampleRate: format.rate,
                                  bitsPerSample: format.bits, dataStart: data.start, dataLength: data.length))
    }

    struct ProblemError: Error {
        let problem: Problem
        init(_ problem: Problem) { self.problem = problem }
    }

    /// Linear PCM, IEEE float, A-law and µ-law: whole bytes per sample, frames of `channels` samples.
    var isByteAlignedPCM: Bool { [1, 3, 6, 7].contains(formatTag) }

    /// Seconds a decoder plays: whole sample frames present over the sample rate for PCM; the sample size's bit rate
    /// for compressed WAV (ADPCM and the like).
    var seconds: Double {
        if isByteAlignedPCM {
            let frameBytes = channels * ((bitsPerSample + 7) / 8)
            return Double(dataLength / frameBytes) / Double(sampleRate)
        }
        return Double(dataLength) * 8 / (Double(sampleRate) * Double(channels) * Double(bitsPerSample))
    }
}

/// Duration of a RIFF/WAVE file from its `fmt ` and `data` chunks (never from the byte-rate field).
enum WAVDuration {
    static func measure(in reader: ByteReader) -> AudioMeasurement? {
        guard case .success(let layout) = WAVLayout.read(reader) else { return nil }
        return AudioMeasurement(seconds: layout.seconds, audioBytes: layout.dataLength)
    }
}
