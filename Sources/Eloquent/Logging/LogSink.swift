/// Where formatted log lines go. `write` receives one complete line (ending in `\n`) and may
/// be called from any thread at once; it must not interleave lines.
public protocol LogSink: Sendable {
    /// Writes one complete line.
    func write(_ line: [UInt8])
}
