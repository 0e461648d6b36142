internal import COpenSSL

/// A failed TLS operation: its name and OpenSSL's reason (from the thread's error queue), or our own explanation.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let reason: String

    init(_ operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    /// Builds the error from OpenSSL's error queue (and empties it).
    static func fromQueue(_ operation: String) -> TLSError {
        var reasons: [String] = []
        while true {
            let code = openssl.ERR_get_error()
            if code == 0 { break }
            var text = [CChar](repeating: 0, count: 256)
            openssl.ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return TLSError(operation, reason: reasons.isEmpty ? "unknown error" : reasons.joined(separator: "; "))
    }

    public var description: String { "\(operation): \(reason)" }
}
