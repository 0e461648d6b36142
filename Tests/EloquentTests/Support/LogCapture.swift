@testable import Basics
import Eloquent
import Foundation
import Logging
import Synchronization

/// Collects the lines a handler writes.
final class CapturingLogSink: LogSink {
    private let storage = Mutex<[[UInt8]]>([])

    func write(_ line: [UInt8]) {
        storage.withLock { $0.append(line) }
    }

    var lines: [[UInt8]] { storage.withLock { $0 } }

    var texts: [String] { lines.map { String(decoding: $0, as: UTF8.self) } }
}

/// A logger writing into a fresh `CapturingLogSink` at a fixed instant (2026-11-29T08:00:00.123Z).
func capturingLogger(format: LogFormat, level: Logger.Level = .trace,
                     metadataProvider: Logger.MetadataProvider? = nil) -> (Logger, CapturingLogSink) {
    let sink = CapturingLogSink()
    let logger = Logger(label: "test.label") { label in
        LineLogHandler(label: label, level: level, format: format, sink: sink, metadataProvider: metadataProvider,
                       clock: { LogTimestamp(seconds: 1_795_939_200, nanoseconds: 123_456_789) })
    }
    return (logger, sink)
}

/// Parses one JSON line into a dictionary (proving it is valid JSON).
func parseJSONLogLine(_ line: [UInt8]) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(line))
    guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
    return dictionary
}
