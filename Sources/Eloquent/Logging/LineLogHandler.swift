public import Basics
public import Logging

/// A swift-log handler that writes one line per record (JSON or text) to a `LogSink`,
/// stderr by default. Timestamps come from `clock_gettime`, formatted without Foundation.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    /// The logger's label, written as `logger`.
    public let label: String
    /// JSON lines or text.
    public let format: LogFormat
    private let sink: any LogSink
    private let clock: @Sendable () -> LogTimestamp

    /// A handler for `label`; `sink` and `clock` can be replaced (tests, other outputs).
    public init(label: String, level: Logger.Level = .info, format: LogFormat = .json,
                sink: any LogSink = StandardErrorSink.shared,
                metadataProvider: Logger.MetadataProvider? = nil,
                clock: @escaping @Sendable () -> LogTimestamp = LogTimestamp.now) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.sink = sink
        self.metadataProvider = metadataProvider
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let extra = event.metadata, !extra.isEmpty {
            merged.merge(extra) { _, new in new }
        }
        let record = LogRecord(timestamp: clock(), level: event.level, label: label,
                               message: event.message.description, metadata: merged, error: event.error)
        switch format {
        case .json: sink.write(JSONLineFormatter.format(record))
        case .text: sink.write(TextLineFormatter.format(record))
        }
    }
}

/// How log records are written (`LOG_FORMAT`).
public enum LogFormat: String, Hashable, Sendable, CaseIterable {
    /// One JSON object per line.
    case json
    /// One human-readable line per record.
    case text
}

/// One log event with everything a line formatter needs.
struct LogRecord {
    var timestamp: LogTimestamp
    var level: Logger.Level
    var label: String
    var message: String
    /// Handler, provider and per-call metadata merged (per-call wins).
    var metadata: Logger.Metadata
    var error: (any Error)?
}

/// Where formatted log lines go. `write` receives one complete line (ending in `\n`) and may
/// be called from any thread at once; it must not interleave lines.
public protocol LogSink: Sendable {
    /// Writes one complete line.
    func write(_ line: [UInt8])
}

/// Installs `LineLogHandler` on stderr as the process-wide swift-log backend.
public enum LoggingSetup {
    /// Bootstraps swift-log. Call once, at startup, before the first `Logger` is made:
    /// swift-log allows a single bootstrap per process.
    public static func bootstrap(level: Logger.Level, format: LogFormat,
                                 metadataProvider: Logger.MetadataProvider? = nil) {
        LoggingSystem.bootstrap({ label, provider in
            LineLogHandler(label: label, level: level, format: format, sink: StandardErrorSink.shared,
                           metadataProvider: provider)
        }, metadataProvider: metadataProvider)
    }

    /// Bootstraps with `LOG_LEVEL` and `LOG_FORMAT` from `config`.
    public static func bootstrap(_ config: Config, metadataProvider: Logger.MetadataProvider? = nil) {
        bootstrap(level: config.logLevel, format: config.logFormat, metadataProvider: metadataProvider)
    }
}
