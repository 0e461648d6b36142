extension HTTPHeaders: Equatable {
    /// Equal when both hold the same fields in the same order with identically spelled names.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
