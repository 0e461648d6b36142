internal import CZlib

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
