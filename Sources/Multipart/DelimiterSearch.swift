/// Finding a byte pattern that starts with a byte rare in the data (CR), in a buffer that
/// may end in the middle of the pattern.
enum DelimiterSearch {
    enum Result: Equatable {
        /// The pattern starts at this index.
        case found(Int)
        /// No complete match; bytes from `safeEnd` on may begin one and must be kept.
        case notFound(safeEnd: Int)
    }

    /// The first occurrence of `pattern` (non-empty) in `buffer` at or after `start`.
    static func find(_ pattern: [UInt8], in buffer: [UInt8], from start: Int) -> Result {
        let first = pattern[0]
        var index = start
        while index < buffer.count {
            guard let candidate = buffer[index...].firstIndex(of: first) else { break }
            var matched = 1
            while matched < pattern.count, candidate + matched < buffer.count,
                  buffer[candidate + matched] == pattern[matched] {
                matched += 1
            }
            if matched == pattern.count { return .found(candidate) }
            if candidate + matched == buffer.count { return .notFound(safeEnd: candidate) }
            index = candidate + 1
        }
        return .notFound(safeEnd: buffer.count)
    }
}
