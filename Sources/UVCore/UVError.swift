internal import CLibUV

/// A failed libuv (or socket) call: the operation's name and the negative errno-style code it returned.
public struct UVError: Error, Sendable, CustomStringConvertible, Equatable {
    public let operation: String
    public let code: Int32

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// libuv's name for the code, e.g. `EADDRINUSE`.
    public var name: String { String(cString: uv_err_name(code)) }

    public var description: String {
        "\(operation) failed: \(name) (\(String(cString: uv_strerror(code))))"
    }
}

/// Throws a `UVError` when a libuv call returned a negative code.
@inline(__always)
func uvCheck(_ result: Int32, _ operation: @autoclosure () -> String) throws(UVError) {
    if result < 0 { throw UVError(operation(), code: result) }
}
