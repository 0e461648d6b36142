import Basics
import Logging

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
