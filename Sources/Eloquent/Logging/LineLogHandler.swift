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
