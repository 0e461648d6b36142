import Glibc  // memchr: the first-byte skip runs at libc's vector speed

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
        pattern.withUnsafeBufferPointer { pattern in
            buffer.withUnsafeBufferPointer { buffer in find(pattern, in: buffer, from: start) }
        }
    }

    static func find(_ pattern: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Result {
        pattern.withUnsafeBufferPointer { pattern in find(pattern, in: buffer, from: start) }
    }

    /// The same over raw buffers: `memchr` finds each candidate first byte, then the rest is compared in place.
    static func find(_ pattern: UnsafeBufferPointer<UInt8>, in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Result {
        let count = buffer.count
        guard start < count, let base = buffer.baseAddress else { return .notFound(safeEnd: count) }
        let first = Int32(pattern[0])
        var index = start
        while index < count {
            guard let hit = memchr(base + index, first, count - index) else { break }
            let candidate = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            var matched = 1
            while matched < pattern.count, candidate + matched < count, buffer[candidate + matched] == pattern[matched] {
                matched += 1
            }
            if matched == pattern.count { return .found(candidate) }
            if candidate + matched == count { return .notFound(safeEnd: candidate) }
            index = candidate + 1
        }
        return .notFound(safeEnd: count)
    }
}
