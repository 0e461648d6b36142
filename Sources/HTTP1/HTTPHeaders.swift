/// An ordered list of header fields. Names keep the spelling they were received or added with;
/// lookups compare names ignoring ASCII case.
public struct HTTPHeaders: Sendable, Sequence {
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    public init() {
        fields = []
    }

    public init(_ pairs: [(String, String)]) {
        // Room for what the middleware adds to a response (request id, timings, Vary, CORS) without regrowing.
        fields = []
        fields.reserveCapacity(Swift.max(pairs.count, 8))
        for (name, value) in pairs { fields.append((name: name, value: value)) }
    }

    /// Creates an empty list with room for `capacity` fields.
    public init(minimumCapacity capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    /// The first value of the field `name`, or nil.
    public subscript(name: String) -> String? {
        for field in fields where Self.namesMatch(field.name, name) {
            return field.value
        }
        return nil
    }

    /// Every value of the field `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.compactMap { Self.namesMatch($0.name, name) ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { Self.namesMatch($0.name, name) }
    }

    /// Appends a field, keeping any existing fields with the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field named `name` with a single one (at the position of the first, or at the end).
    public mutating func set(_ name: String, _ value: String) {
        guard let first = fields.firstIndex(where: { Self.namesMatch($0.name, name) }) else {
            fields.append((name: name, value: value))
            return
        }
        fields[first] = (name: name, value: value)
        var index = fields.count - 1
        while index > first {
            if Self.namesMatch(fields[index].name, name) { fields.remove(at: index) }
            index -= 1
        }
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.namesMatch($0.name, name) }
    }

    public var count: Int { fields.count }

    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// ASCII case-insensitive comparison of two field names.
    /// Compares the UTF-8 bytes in place (no iterator over the views, no String round trip).
    @inline(__always)
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        if lhs == rhs { return true }  // the same spelling: a comparison of the strings' bits or bytes
        let left = lhs.utf8.span
        let right = rhs.utf8.span
        for index in left.indices {
            let a = left[index]
            let b = right[index]
            if a != b && ASCII.lowercased(a) != ASCII.lowercased(b) { return false }
        }
        return true
    }
}

extension HTTPHeaders: Equatable {
    /// Equal when both hold the same fields in the same order with identically spelled names.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
