/// RFC 3339 UTC timestamps with milliseconds (`2026-11-29T08:00:00.123Z`), as the API shows them; the same
/// hand-written formatter the log lines use.
package enum RFC3339 {
    package static func format(seconds: Int, milliseconds: Int) -> String {
        LogTimestamp(seconds: Int64(seconds), nanoseconds: milliseconds * 1_000_000).formatted
    }
}
