// libFuzzer target: format detection and every audio-duration reader (WAV, MP3, FLAC, Ogg), the audio-presence check
// and the charge bounds. A measured duration must be finite and not negative, and a charge from the file must lie
// within the bounds its audio bytes allow. Built by scripts/fuzz together with Sources/AudioFormat as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let detected = AudioFormat.detect(bytes)
    for format in AudioFormat.allCases {
        let measurement = AudioDuration.measure(bytes, format: format)
        if let measurement {
            precondition(measurement.seconds.isFinite && measurement.seconds >= 0, "bad duration")
            precondition(measurement.audioBytes <= bytes.count, "more audio bytes than bytes")
        }
        let charge = AudioDuration.chargeableSeconds(measurement: measurement, totalBytes: bytes.count, format: format, reported: nil)
        let bounds = AudioDuration.bounds(audioBytes: measurement?.audioBytes ?? bytes.count, format: format)
        precondition(bounds.contains(charge), "charge \(charge) outside \(bounds)")
        let reserve = AudioDuration.reservationSeconds(measurement: measurement, totalBytes: bytes.count, format: format)
        precondition(reserve.isFinite && reserve >= 0, "bad reservation")
        if format == detected { _ = format.missingAudio(in: bytes) }
    }
    return 0
}
