/// How log records are written (`LOG_FORMAT`).
public enum LogFormat: String, Hashable, Sendable, CaseIterable {
    /// One JSON object per line.
    case json
    /// One human-readable line per record.
    case text
}
