internal import CZlib

/// A failed compression or decompression step, naming the operation that failed.
///
/// `code` is the zlib return code (`Z_DATA_ERROR` = -3, `Z_MEM_ERROR` = -4, …) or one of the
/// codes below, which zlib never returns.
public struct CompressionError: Error, Sendable, CustomStringConvertible {
    /// Inflating would produce more than the caller's `maxOutput` bytes.
    public static let outputLimitExceeded: Int32 = -1001
    /// The input ended before the compressed stream did.
    public static let truncatedInput: Int32 = -1002
    /// Bytes follow the end of a compressed stream that cannot carry more.
    public static let trailingData: Int32 = -1003
    /// The stream was used after it finished or failed.
    public static let streamClosed: Int32 = -1004
    /// An argument outside what zlib accepts (for example a level outside -1…9).
    public static let invalidArgument: Int32 = -1005

    /// The zlib function or step that failed, such as `"deflateInit2"` or `"inflate"`.
    public let operation: String
    /// zlib's return code, or one of the codes declared on this type.
    public let code: Int32
    /// A human-readable reason.
    public let message: String

    init(operation: String, code: Int32, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    public var description: String {
        "\(operation) failed (\(code)): \(message)"
    }
}

extension CompressionError {
    /// An error for zlib return code `code`, with zlib's own message for the stream when it set one.
    static func zlib(_ operation: String, code: Int32, stream: UnsafeMutablePointer<z_stream>?) -> CompressionError {
        let message: String
        if let text = stream?.pointee.msg {
            message = String(cString: text)
        } else if let text = zError(code) {
            message = String(cString: text)
        } else {
            message = "zlib error"
        }
        return CompressionError(operation: operation, code: code, message: message)
    }

    /// The stream was used after `finish` or after an earlier error.
    static func closed(_ operation: String) -> CompressionError {
        CompressionError(operation: operation, code: streamClosed, message: "stream already finished or failed")
    }
}
