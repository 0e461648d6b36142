import Basics
/// The comma-separated elements of one or more HTTP list header values, last to first, trimmed of
/// spaces and tabs, without splitting the whole header up front (a walk usually stops early).
/// Empty elements are yielded as empty; the caller skips them (RFC 9110 section 5.6.1).
struct ReversedListElements: Sequence, IteratorProtocol {
    private let values: [String]
    private var valueIndex: Int
    /// End of the part of `values[valueIndex]` not yet yielded; `nil` once it is all yielded.
    private var end: String.Index?

    init(_ values: [String]) {
        self.values = values
        valueIndex = values.count - 1
        end = values.last?.endIndex
    }

    mutating func next() -> Substring? {
        while valueIndex >= 0 {
            let value = values[valueIndex]
            guard let end else {
                valueIndex -= 1
                self.end = valueIndex >= 0 ? values[valueIndex].endIndex : nil
                continue
            }
            let unread = value[..<end]
            if let comma = unread.utf8.lastIndex(of: UInt8(ascii: ",")) {
                self.end = comma
                return value[value.utf8.index(after: comma)..<end].trimmingWhitespace()
            }
            self.end = nil
            return unread.trimmingWhitespace()
        }
        return nil
    }

}
