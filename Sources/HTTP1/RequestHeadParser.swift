import Glibc  // memchr: the search for line ends runs at libc's vector speed

/// A strict, incremental HTTP/1.1 request-head parser (RFC 9110, RFC 9112) that reads the
/// connection's buffer in place. Strings are built once, for the final head values only.
public struct RequestHeadParser: Sendable {
    public let maxHeaderBytes: Int
    public let maxHeaderCount: Int

    /// Empty lines tolerated before the request line (RFC 9112 §2.2).
    static let maxLeadingEmptyLines = 4

    /// Index of the request line's first byte, once the leading empty lines are skipped; -1 before.
    private var headStart = -1
    /// Bytes before this index have been searched for the end of the head.
    private var scanned = 0

    public init(maxHeaderBytes: Int, maxHeaderCount: Int = 100) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }

    /// `bytes` always starts at the first byte of the request (the caller keeps unconsumed bytes at the front).
    /// Incremental: the parser remembers how far it already scanned for the end of head so re-calls after more
    /// bytes arrive do not rescan from 0 (O(n) total). Call reset() after a complete/failed result before the
    /// next request.
    public mutating func parse(_ bytes: Span<UInt8>) -> HeadParseResult {
        do throws(HTTPParseError) {
            guard let end = try findEndOfHead(bytes) else { return .incomplete }
            let head = try HeadBuilder.build(bytes, start: headStart, end: end, maxHeaderCount: maxHeaderCount)
            return .complete(head, consumed: end)
        } catch {
            return .failure(error)
        }
    }

    /// How far the search for the end of the head has got (for tests of the O(n) resumption).
    var scanOffset: Int { scanned }

    public mutating func reset() {
        headStart = -1
        scanned = 0
    }

    /// The index just past the empty line that ends the head, or nil when it has not arrived yet.
    private mutating func findEndOfHead(_ bytes: Span<UInt8>) throws(HTTPParseError) -> Int? {
        if headStart < 0 {
            guard let start = try Self.skipLeadingEmptyLines(bytes) else { return nil }
            headStart = start
            scanned = start
        }
        // The head may end no later than here; saturating so that a huge limit cannot overflow.
        let headLimit = maxHeaderBytes > Int.max - headStart ? Int.max : headStart + maxHeaderBytes
        let limit = min(bytes.count, headLimit)
        var index = max(scanned, headStart)
        while index < limit {
            // The next LF at or after `index` (memchr), or none before `limit`.
            let found = bytes.withUnsafeBufferPointer { buffer -> Int? in
                guard let base = buffer.baseAddress, let hit = memchr(base + index, Int32(ASCII.lf), limit - index) else {
                    return nil
                }
                return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            }
            guard let lf = found else {
                index = limit
                break
            }
            guard lf > headStart, bytes[lf - 1] == ASCII.cr else { throw .badRequest("bare LF") }
            if lf - 3 > headStart, bytes[lf - 2] == ASCII.lf {
                scanned = lf + 1
                return lf + 1
            }
            index = lf + 1
        }
        scanned = index
        if bytes.count >= headLimit {
            throw .headerFieldsTooLarge("request head larger than \(maxHeaderBytes) bytes")
        }
        return nil
    }

    /// The index of the first byte after the leading CRLFs, or nil when only (part of) empty lines arrived.
    private static func skipLeadingEmptyLines(_ bytes: Span<UInt8>) throws(HTTPParseError) -> Int? {
        var index = 0
        var lines = 0
        while index < bytes.count {
            switch bytes[index] {
            case ASCII.cr:
                guard index + 1 < bytes.count else { return nil }
                guard bytes[index + 1] == ASCII.lf else { throw .badRequest("bare CR") }
                lines += 1
                guard lines <= maxLeadingEmptyLines else { throw .badRequest("too many empty lines") }
                index += 2
            case ASCII.lf:
                throw .badRequest("bare LF")
            default:
                return index
            }
        }
        return nil
    }
}
