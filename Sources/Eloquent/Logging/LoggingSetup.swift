public import Logging

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
